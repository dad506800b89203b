import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { WebhookDeliveryStatus, WebhookEvent } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';

export interface WebhookDeliveryRecord {
  id: string;
  ownerId: string;
  endpointId: string | null;
  callbackUrl: string | null;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastResponse: string | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export interface AttemptRecord {
  statusCode: number | null;
  latencyMs: number | null;
  response: string | null;
  error: string | null;
}

/** What happens after an attempt: delivered, given up, or tried again at `nextAttemptAt`. */
export type AttemptConclusion = { status: 'delivered' | 'failed' } | { status: 'pending'; nextAttemptAt: Date };

const VISIBLE = {
  id: true,
  ownerId: true,
  endpointId: true,
  callbackUrl: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastLatencyMs: true,
  lastResponse: true,
  lastError: true,
  nextAttemptAt: true,
  createdAt: true,
} as const;

/** The event id of an image's callback: one per image, whichever outcome it carries. */
export const callbackEventId = (imageId: string): string => `msg_${imageId}`;

/** The event id of an image's outcome (image.tagged or image.failed, recorded at `finishedAt`) at its endpoints. */
export const outcomeEventId = (imageId: string, type: string, finishedAt: Date): string =>
  `msg_${createHash('sha256').update(`${type}:${imageId}:${finishedAt.toISOString()}`).digest('hex').slice(0, 32)}`;

/**
 * Webhook deliveries, owner first (except `listDue`, the sweep across owners). Payloads carry tagging results,
 * so they are sealed; `payload()` is the one place that opens them.
 */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
  ) {}

  /**
   * One delivery of the event per endpoint, due at `now`; an endpoint that already has this event id gets none.
   * Returns the new ones.
   */
  async createForEndpoints(
    ownerId: string,
    endpointIds: readonly string[],
    eventId: string,
    event: WebhookEvent,
    now: Date,
  ): Promise<WebhookDeliveryRecord[]> {
    if (endpointIds.length === 0) return [];
    return this.insertDue(
      ownerId,
      event,
      now,
      endpointIds.map((endpointId) => ({ endpointId, eventId })),
    );
  }

  /**
   * The callback delivery of a finished image, due at `now`. It takes the image's id, so handing the same callback
   * off twice (a crash before the outbox row was marked) makes one delivery; undefined when it already exists.
   */
  async createCallback(
    ownerId: string,
    imageId: string,
    callbackUrl: string,
    event: WebhookEvent,
    now: Date,
  ): Promise<WebhookDeliveryRecord | undefined> {
    const [created] = await this.insertDue(ownerId, event, now, [
      { id: imageId, callbackUrl, eventId: callbackEventId(imageId) },
    ]);
    return created;
  }

  /** Deliveries of one event to these targets, due at `now`; a target that already has the delivery gets none. */
  private async insertDue(
    ownerId: string,
    event: WebhookEvent,
    now: Date,
    targets: ReadonlyArray<{ id?: string; endpointId?: string; callbackUrl?: string; eventId: string }>,
  ): Promise<WebhookDeliveryRecord[]> {
    const payload = this.vault.sealJson(event);
    return (await this.db.prisma.webhookDelivery.createManyAndReturn({
      data: targets.map((target) => ({
        ...target,
        ownerId,
        eventType: event.type,
        payload,
        keyId: this.vault.keyId,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      })),
      skipDuplicates: true,
      select: VISIBLE,
    })) as WebhookDeliveryRecord[];
  }

  async get(ownerId: string, id: string): Promise<WebhookDeliveryRecord | undefined> {
    return (
      ((await this.db.prisma.webhookDelivery.findFirst({
        where: { id, ownerId },
        select: VISIBLE,
      })) as WebhookDeliveryRecord | null) ?? undefined
    );
  }

  async payload(ownerId: string, id: string): Promise<WebhookEvent | undefined> {
    const row = await this.db.prisma.webhookDelivery.findFirst({ where: { id, ownerId }, select: { payload: true } });
    return row ? (this.vault.openJson<WebhookEvent | null>(row.payload) ?? undefined) : undefined;
  }

  /** An endpoint's deliveries, newest first. */
  async listForEndpoint(
    ownerId: string,
    endpointId: string,
    limit: number,
    status?: WebhookDeliveryStatus,
  ): Promise<WebhookDeliveryRecord[]> {
    return (await this.db.prisma.webhookDelivery.findMany({
      where: { ownerId, endpointId, ...(status && { status }) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: VISIBLE,
    })) as WebhookDeliveryRecord[];
  }

  /**
   * Takes a due delivery for one attempt: it must be pending (or delivering with an expired lease, after a
   * crash) and due at `now`. The lease keeps a second job for the same delivery from sending it again.
   */
  async claim(ownerId: string, id: string, now: Date, leaseUntil: Date): Promise<WebhookDeliveryRecord | undefined> {
    const result = await this.db.prisma.webhookDelivery.updateMany({
      where: { id, ownerId, status: { in: ['pending', 'delivering'] }, nextAttemptAt: { lte: now } },
      data: { status: 'delivering', nextAttemptAt: leaseUntil },
    });
    return result.count === 1 ? this.get(ownerId, id) : undefined;
  }

  async recordAttempt(
    ownerId: string,
    id: string,
    attempt: AttemptRecord,
    conclusion: AttemptConclusion,
  ): Promise<void> {
    await this.db.prisma.webhookDelivery.updateMany({
      where: { id, ownerId },
      data: {
        attempts: { increment: 1 },
        lastStatusCode: attempt.statusCode,
        lastLatencyMs: attempt.latencyMs,
        lastResponse: attempt.response,
        lastError: attempt.error,
        status: conclusion.status,
        nextAttemptAt: conclusion.status === 'pending' ? conclusion.nextAttemptAt : null,
      },
    });
  }

  /** Gives up on a delivery without sending it (its endpoint is disabled or gone). */
  async abandon(ownerId: string, id: string, reason: string): Promise<void> {
    await this.db.prisma.webhookDelivery.updateMany({
      where: { id, ownerId },
      data: { status: 'failed', lastError: reason, nextAttemptAt: null },
    });
  }

  /** Sends the same message again from the start of the schedule (same event id, so receivers can dedupe). */
  async replay(ownerId: string, ids: readonly string[], now: Date): Promise<number> {
    const result = await this.db.prisma.webhookDelivery.updateMany({
      where: { id: { in: [...ids] }, ownerId, status: { in: ['delivered', 'failed'] } },
      data: { status: 'pending', attempts: 0, nextAttemptAt: now },
    });
    return result.count;
  }

  async listFailedSince(ownerId: string, endpointId: string, since: Date): Promise<string[]> {
    const rows = await this.db.prisma.webhookDelivery.findMany({
      where: { ownerId, endpointId, status: 'failed', createdAt: { gte: since } },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** For the sweep across all owners: deliveries whose attempt is due (or whose lease ran out). */
  async listDue(
    now: Date,
    limit: number,
  ): Promise<Array<Pick<WebhookDeliveryRecord, 'id' | 'ownerId' | 'nextAttemptAt'>>> {
    return await this.db.prisma.webhookDelivery.findMany({
      where: { status: { in: ['pending', 'delivering'] }, nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
      select: { id: true, ownerId: true, nextAttemptAt: true },
    });
  }
}
