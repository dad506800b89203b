import { isThrottled, throttleDelayMs } from './graphql-throttle';

/** A THROTTLED answer as the library hands it over (GraphqlQueryError.body), shaped like Shopify's documented one. */
const throttled = (requested: number, available: number, restoreRate: number) => ({
  errors: { graphQLErrors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] },
  extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate } } },
});

describe('Admin GraphQL cost throttling', () => {
  it('recognises a THROTTLED answer and nothing else', () => {
    expect(isThrottled(throttled(100, 0, 100))).toBe(true);
    expect(isThrottled({ errors: { graphQLErrors: [{ message: 'Field not found', extensions: { code: 'undefinedField' } }] } })).toBe(false);
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
