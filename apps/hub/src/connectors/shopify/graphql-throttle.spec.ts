import { CostGate, isThrottled, throttleDelayMs } from './graphql-throttle';

/** A THROTTLED answer as the library hands it over (GraphqlQueryError.body), shaped like Shopify's documented one. */
const throttled = (requested: number, available: number, restoreRate: number) => ({
  errors: { graphQLErrors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] },
  extensions: {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
    },
  },
});

describe('Admin GraphQL cost throttling', () => {
  it('recognises a THROTTLED answer and nothing else', () => {
    expect(isThrottled(throttled(100, 0, 100))).toBe(true);
    expect(
      isThrottled({
        errors: { graphQLErrors: [{ message: 'Field not found', extensions: { code: 'undefinedField' } }] },
      }),
    ).toBe(false);
    expect(isThrottled(undefined)).toBe(false);
  });

  it('waits until the bucket has restored the points the query needs', () => {
    expect(throttleDelayMs(throttled(752, 700, 100))).toBe(570);
    expect(throttleDelayMs(throttled(112, 100, 50))).toBe(290);
  });

  it('waits a second without a cost report, and never longer than the cap', () => {
    expect(throttleDelayMs({ errors: { graphQLErrors: [{ extensions: { code: 'THROTTLED' } }] } })).toBe(1000);
    expect(throttleDelayMs(throttled(2000, 0, 1), 5000)).toBe(5000);
  });
});

describe("pacing calls by the shop's bucket", () => {
  const status = (currentlyAvailable: number) => ({ maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 });
  /** A gate on a clock that only its sleeps move; `sleeps` lists how long each wait was. */
  const gateOnFakeTime = () => {
    let now = 0;
    const sleeps: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    };
    return { gate: new CostGate(() => now), sleeps, sleep };
  };

  it('lets a call through at once while the bucket holds what the operation asked for last time', async () => {
    const { gate, sleeps, sleep } = gateOnFakeTime();
    await gate.admit('TagPhotoProducts', sleep);
    gate.record('TagPhotoProducts', { requestedQueryCost: 832, actualQueryCost: 200, throttleStatus: status(1800) });
    await gate.admit('TagPhotoProducts', sleep);
    expect(sleeps).toEqual([]);
  });

  it('waits for the restore rate to refill what is missing, counting reservations of calls in flight', async () => {
    const { gate, sleeps, sleep } = gateOnFakeTime();
    gate.record('TagPhotoProducts', { requestedQueryCost: 832, actualQueryCost: 832, throttleStatus: status(1000) });
    await gate.admit('TagPhotoProducts', sleep);
    // 1000 - 832 = 168 left: the next 832 needs 664 more points, 6.64 s at 100 points a second.
    await gate.admit('TagPhotoProducts', sleep);
    expect(sleeps).toEqual([6640]);
    expect(gate.waitedMs).toBe(6640);
  });
});
