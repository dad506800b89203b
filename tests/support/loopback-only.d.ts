/** Types of loopback-only.js (plain JavaScript so a child Node process can load it with --require). */
export declare function childNodeOptions(existing?: string): string;
export declare function takeRefusals(): string[];
export declare function isLoopbackAddress(address: string): boolean;
export declare class NonLoopbackNetworkError extends Error {
  readonly code: 'ERR_TEST_NON_LOOPBACK';
}
