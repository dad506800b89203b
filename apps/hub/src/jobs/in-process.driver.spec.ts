import { InProcessQueueDriver } from './in-process.driver';
import { JOB_NAMES, type JobContext, type JobName } from './job-types';
import { assertOneHandlerEach } from './job-registry';

describe('InProcessQueueDriver', () => {
  const payload = { imageId: 'i', ownerId: 'o' };

  it('retries a failing job with backoff and tells the handler which attempt is the last', async () => {
    const driver = new InProcessQueueDriver({ attempts: 3, backoffMs: 10 });
    const seen: JobContext[] = [];
    driver.handle('tag-image', async (_, context) => {
      seen.push(context);
      if (context.attempt < 3) throw new Error('model busy');
    });
    await driver.startWorkers(1);
    await driver.dispatch('tag-image', payload, 'job-1');
    await driver.waitUntilFinished('tag-image', 'job-1', 5000);
    expect(seen).toEqual([
      { attempt: 1, isFinalAttempt: false },
      { attempt: 2, isFinalAttempt: false },
      { attempt: 3, isFinalAttempt: true },
    ]);
    await driver.close();
  });

  it('does not queue the same job id twice while it is pending', async () => {
    const driver = new InProcessQueueDriver({ attempts: 1, backoffMs: 10 });
    let runs = 0;
    driver.handle('tag-image', async () => {
      runs++;
    });
    await driver.dispatch('tag-image', payload, 'job-1');
    await driver.dispatch('tag-image', payload, 'job-1');
    await driver.startWorkers(2);
    await driver.waitUntilFinished('tag-image', 'job-1', 5000);
    expect(runs).toBe(1);
    await driver.close();
  });

  it('holds a delayed job back until its delay has passed', async () => {
    jest.useFakeTimers();
    try {
      const driver = new InProcessQueueDriver({ attempts: 1, backoffMs: 10 });
      const ran: string[] = [];
      driver.handle('tag-image', async (job) => {
        ran.push(job.imageId);
      });
      await driver.startWorkers(1);
      await driver.dispatch('tag-image', { imageId: 'later', ownerId: 'o' }, 'job-later', { delayMs: 5000 });
      await driver.dispatch('tag-image', { imageId: 'now', ownerId: 'o' }, 'job-now');
      await jest.advanceTimersByTimeAsync(4999);
      expect(ran).toEqual(['now']);
      await driver.dispatch('tag-image', { imageId: 'later', ownerId: 'o' }, 'job-later', { delayMs: 5000 });
      await jest.advanceTimersByTimeAsync(1);
      expect(ran).toEqual(['now', 'later']);
      await driver.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('cancels a delayed job before it runs', async () => {
    jest.useFakeTimers();
    try {
      const driver = new InProcessQueueDriver({ attempts: 1, backoffMs: 10 });
      let runs = 0;
      driver.handle('tag-image', async () => {
        runs++;
      });
      await driver.startWorkers(1);
      await driver.dispatch('tag-image', payload, 'job-later', { delayMs: 1000 });
      await driver.cancel('tag-image', 'job-later');
      await jest.advanceTimersByTimeAsync(2000);
      expect(runs).toBe(0);
      await driver.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('runs no more jobs at once than its concurrency', async () => {
    const driver = new InProcessQueueDriver({ attempts: 1, backoffMs: 10 });
    let running = 0;
    let peak = 0;
    driver.handle('tag-image', async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
    });
    await driver.startWorkers(2);
    for (let index = 0; index < 6; index++) await driver.dispatch('tag-image', payload, `job-${index}`);
    await Promise.all([0, 1, 2, 3, 4, 5].map((index) => driver.waitUntilFinished('tag-image', `job-${index}`, 5000)));
    expect(peak).toBe(2);
    await driver.close();
  });
});

describe('job wiring at boot', () => {
  it('fails when a job has no handler', () => {
    expect(() => assertOneHandlerEach(new Map())).toThrow('job "tag-image" has no @JobHandler');
  });

  it('fails when a job has two handlers', () => {
    expect(() => assertOneHandlerEach(new Map([['tag-image', ['A.tag', 'B.tag']]]))).toThrow(
      '2 handlers: A.tag, B.tag',
    );
  });

  it('passes with exactly one handler per job', () => {
    const wiring = new Map<JobName, string[]>(JOB_NAMES.map((name) => [name, [`Handler.${name}`]]));
    expect(() => assertOneHandlerEach(wiring)).not.toThrow();
  });
});
