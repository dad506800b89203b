/** Every error the engine throws on purpose carries a stable `code` the API, CLI and jobs map once. */
export abstract class TaggingError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The bytes are not an image, or an image in a format the engine refuses (e.g. SVG). */
export class UnsupportedImageError extends TaggingError {
  readonly code = 'UNSUPPORTED_IMAGE';

  constructor(detail: string) {
    super(`${detail}. Send a JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIF image.`);
  }
}

/** The bytes look like an image but cannot be decoded (truncated upload, broken file). */
export class CorruptImageError extends TaggingError {
  readonly code = 'CORRUPT_IMAGE';

  constructor(detail: string) {
    super(
      `The image could not be decoded (${detail}). The file is probably truncated or damaged: upload it again or re-export it.`,
    );
  }
}

/** The image has too many pixels or too many bytes for the configured limits. */
export class ImageTooLargeError extends TaggingError {
  readonly code = 'IMAGE_TOO_LARGE';

  constructor(detail: string) {
    super(`${detail}. Downscale the image before sending it, or raise the engine's limits.`);
  }
}

/** A required model file is not where the manifest says it should be. */
export class ModelMissingError extends TaggingError {
  readonly code = 'MODEL_MISSING';

  constructor(
    readonly modelId: string,
    readonly expectedPath: string,
  ) {
    super(`Model "${modelId}" is missing (looked for ${expectedPath}). Run \`npm run models\` to install the models.`);
  }
}

/** A model file exists but its sha256 differs from the manifest: damaged download or wrong file. */
export class ModelChecksumError extends TaggingError {
  readonly code = 'MODEL_CHECKSUM';

  constructor(
    readonly modelId: string,
    readonly path: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Model "${modelId}" at ${path} has sha256 ${actual}, expected ${expected}. ` +
        'Delete the file and run `npm run models` to install it again.',
    );
  }
}
