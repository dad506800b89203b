import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { BullMqQueueDriver, redisConnection } from './bullmq.driver';
import { queueNameOf } from './job-types';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('BullMqQueueDriver on Redis', () => {
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  const driver = new BullMqQueueDriver(redisConnection(REDIS_URL), { attempts: 1, backoffMs: 10 }, 30_000, prefix);
  const inspect = new Queue(queueNameOf('webhook-deliver'), { connection: redisConnection(REDIS_URL), prefix });

  afterAll(async () => {
    await inspect.obliterate({ force: true });
    await inspect.close();
    await driver.close();
  });

  it('parks a job dispatched with a delay as delayed, and one without as waiting', async () => {
    await driver.dispatch('webhook-deliver', { deliveryId: 'd1', ownerId: 'o' }, 'later', { delayMs: 300_000 });
    await driver.dispatch('webhook-deliver', { deliveryId: 'd2', ownerId: 'o' }, 'now');
    const later = await inspect.getJob('later');
    expect(later?.opts.delay).toBe(300_000);
    expect(await later?.getState()).toBe('delayed');
    expect(await (await inspect.getJob('now'))?.getState()).toBe('waiting');
  });

  it('writes its schedules again after Redis forgot them (a restart without persistence)', async () => {
    const refreshing = new BullMqQueueDriver(
      redisConnection(REDIS_URL),
      { attempts: 1, backoffMs: 10 },
      30_000,
      prefix,
      100,
    );
    const sweeps = new Queue(queueNameOf('retention-sweep'), { connection: redisConnection(REDIS_URL), prefix });
    try {
      await refreshing.schedule('retention-sweep', 3_600_000);
      expect((await sweeps.getJobSchedulers()).map((scheduler) => scheduler.key)).toEqual(['retention-sweep']);
      await sweeps.obliterate({ force: true });
      expect(await sweeps.getJobSchedulers()).toEqual([]);
      const deadline = Date.now() + 5000;
      while ((await sweeps.getJobSchedulers()).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await sweeps.getJobSchedulers()).map((scheduler) => scheduler.key)).toEqual(['retention-sweep']);
    } finally {
      await refreshing.close();
      await sweeps.obliterate({ force: true });
      await sweeps.close();
    }
  });
});
