import { createHash, randomBytes } from 'node:crypto';
import { sha256InSteps, STEP_BYTES } from './in-steps';

describe('hashing in steps', () => {
  it('gives the SHA-256 of the whole buffer, across full steps and a partial last one', async () => {
    for (const bytes of [Buffer.alloc(0), randomBytes(1000), randomBytes(STEP_BYTES), randomBytes(2.5 * STEP_BYTES)]) {
      expect(await sha256InSteps(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('lets other work run before a large buffer is hashed', async () => {
    const order: string[] = [];
    const hashing = sha256InSteps(randomBytes(4 * STEP_BYTES)).then(() => order.push('hashed'));
    setImmediate(() => order.push('a request'));
    await hashing;
    expect(order).toEqual(['a request', 'hashed']);
  });
});
