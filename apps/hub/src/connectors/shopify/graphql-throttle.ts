/** Shopify's cost report on every Admin GraphQL response (`extensions.cost`). */
export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlErrorBody {
  errors?: { graphQLErrors?: Array<{ extensions?: { code?: string } }> };
  extensions?: { cost?: QueryCost };
}

/** True when Shopify refused a query for lack of cost budget (a THROTTLED error, HTTP 200). */
export function isThrottled(body: unknown): boolean {
  const errors = (body as GraphqlErrorBody | undefined)?.errors?.graphQLErrors ?? [];
  return errors.some((error) => error.extensions?.code === 'THROTTLED');
}

/**
 * How long to wait before the bucket holds enough points for the refused query again: the missing points
 * divided by the restore rate, plus a small margin; one second when Shopify sent no cost report.
 */
export function throttleDelayMs(body: unknown, maxMs = 60_000): number {
  const cost = (body as GraphqlErrorBody | undefined)?.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!status || !cost?.requestedQueryCost || status.restoreRate <= 0) return 1000;
  const missing = Math.max(0, cost.requestedQueryCost - status.currentlyAvailable);
  return Math.min(maxMs, Math.ceil((missing / status.restoreRate) * 1000) + 50);
}
