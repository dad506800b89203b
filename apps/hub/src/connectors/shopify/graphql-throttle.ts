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

/**
 * Keeps a shop's calls within its leaky bucket instead of running into THROTTLED: each answer's
 * `throttleStatus` says how full the bucket is, each operation's last requested cost says what the next call of
 * it will need, and a call waits until the bucket has restored that much. One gate per shop per process, so a
 * backfill and webhook work for the same shop share it; what a gate cannot see (another process) THROTTLED covers.
 */
export class CostGate {
  private status: { available: number; maximum: number; restoreRate: number; at: number } | undefined;
  private readonly lastRequested = new Map<string, number>();
  /** Milliseconds spent waiting for the bucket, in total (for progress and benchmarks). */
  waitedMs = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Waits until the bucket holds what `operation` asked for last time, then reserves it. */
  async admit(operation: string, sleep: (ms: number) => Promise<void>): Promise<void> {
    const need = this.lastRequested.get(operation);
    if (need === undefined || !this.status) return;
    const available = this.projected();
    if (available < need) {
      const ms = Math.ceil(((need - available) / this.status.restoreRate) * 1000);
      this.waitedMs += ms;
      await sleep(ms);
    }
    const projected = this.projected();
    this.status = { ...this.status, available: projected - need, at: this.now() };
  }

  /** Takes in the cost report of an answer (a THROTTLED one too). */
  record(operation: string, cost: QueryCost | undefined): void {
    if (cost?.requestedQueryCost !== undefined) this.lastRequested.set(operation, cost.requestedQueryCost);
    const status = cost?.throttleStatus;
    if (status && status.restoreRate > 0) {
      this.status = {
        available: status.currentlyAvailable,
        maximum: status.maximumAvailable,
        restoreRate: status.restoreRate,
        at: this.now(),
      };
    }
  }

  noteWait(ms: number): void {
    this.waitedMs += ms;
  }

  private projected(): number {
    const status = this.status!;
    return Math.min(status.maximum, status.available + ((this.now() - status.at) / 1000) * status.restoreRate);
  }
}

const gates = new Map<string, CostGate>();

/** The process's gate for a shop. */
export function costGateOf(shop: string): CostGate {
  let gate = gates.get(shop);
  if (!gate) {
    gate = new CostGate();
    gates.set(shop, gate);
  }
  return gate;
}

/** The cost report of a THROTTLED answer (GraphqlQueryError.body). */
export function costOf(body: unknown): QueryCost | undefined {
  return (body as GraphqlErrorBody | undefined)?.extensions?.cost;
}
