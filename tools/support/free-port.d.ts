/** Types of free-port.js (plain CommonJS, shared by the tools and the tests). */
export function freePort(): Promise<number>;
