/** Figma keeps the original upload; its first bytes say which format it is. */
export function mimeTypeOf(bytes: Uint8Array): string {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45) return 'image/webp';
  return 'application/octet-stream';
}

export function extensionOf(bytes: Uint8Array): string {
  const subtype = mimeTypeOf(bytes).split('/')[1];
  return subtype === 'jpeg' ? 'jpg' : subtype === 'octet-stream' ? 'bin' : subtype;
}
