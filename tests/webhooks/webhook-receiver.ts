import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Webhook } from 'svix';
import type { Clock } from '../../apps/hub/src/common/clock';
import { startTestHub, type TestHub } from '../support/hub';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The hub's (test-controlled) time when it arrived. */
  receivedAt: Date;
}

/** A real HTTP receiver on 127.0.0.1 that records what arrives and answers with the statuses a test lines up per path. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers = new Map<string, number[]>();
  private readonly defaults = new Map<string, number>();
  private server?: http.Server;
  private port = 0;

  /** `host`: a loopback address to listen on; 127.0.0.2 lets a hub allowlist this receiver and no other local port. */
  constructor(
    private readonly clock: Clock,
    private readonly host = '127.0.0.1',
  ) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({
          path,
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: this.clock.now(),
        });
        const status = this.answers.get(path)?.shift() ?? this.defaults.get(path) ?? 200;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, this.host, resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  url(path: string, host = this.host): string {
    return `http://${host}:${this.port}${path}`;
  }

  /** Answers the next requests to `path` with these statuses, then with `otherwise` (default 200). */
  answer(path: string, statuses: number[], otherwise = 200): void {
    this.answers.set(path, [...statuses]);
    this.defaults.set(path, otherwise);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((entry) => entry.path === path);
  }

  async waitFor(path: string, count: number, timeoutMs = 30_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.at(path).length < count) {
      if (Date.now() > deadline) throw new Error(`${path}: ${this.at(path).length} of ${count} webhooks arrived`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.at(path);
  }
}

/** Verifies a received webhook with svix, as a receiver would at the moment it arrived (the hub's clock may be moved on). */
/**
 * A server-mode hub on `clock` that may deliver to receivers on 127.0.0.1 and sweeps for due retries only hourly, so
 * the test decides when they go out.
 */
export function startHubForReceivers(clock: Clock): Promise<TestHub> {
  return startTestHub({
    mode: 'server',
    clock,
    env: { TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1', TAGPHOTO_WEBHOOK_SWEEP_MS: String(3600_000) },
  });
}

export function verifyWebhook(secret: string, webhook: ReceivedWebhook): unknown {
  const spy = jest.spyOn(Date, 'now').mockReturnValue(webhook.receivedAt.getTime());
  try {
    return new Webhook(secret).verify(webhook.body, webhook.headers);
  } finally {
    spy.mockRestore();
  }
}

export async function ownerIdOf(hub: TestHub, cookie: string): Promise<string> {
  return (await request(hub.http).get('/v1/auth/me').set('Cookie', cookie).expect(200)).body.id as string;
}

export type DeliveryBody = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastResponse: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
};

export async function deliveriesOf(hub: TestHub, cookie: string, endpointId: string): Promise<DeliveryBody[]> {
  return (
    await request(hub.http)
      .get(`/v1/webhooks/endpoints/${endpointId}/deliveries?limit=100`)
      .set('Cookie', cookie)
      .expect(200)
  ).body as DeliveryBody[];
}

/** Polls an endpoint's deliveries until the check passes (attempts run on the queue, in the background). */
export async function waitForDeliveries(
  hub: TestHub,
  cookie: string,
  endpointId: string,
  check: (deliveries: DeliveryBody[]) => boolean,
  timeoutMs = 30_000,
): Promise<DeliveryBody[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deliveries = await deliveriesOf(hub, cookie, endpointId);
    if (check(deliveries)) return deliveries;
    if (Date.now() > deadline) throw new Error(`deliveries never matched: ${JSON.stringify(deliveries)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Retries an async check until it stops throwing (work runs on the queue, in the background). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
