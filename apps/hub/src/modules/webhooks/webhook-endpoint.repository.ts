import { Inject, Injectable } from '@nestjs/common';
import type { WebhookEventType } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';
import type { SigningSecrets } from './signing-secrets';

export interface WebhookEndpointRecord {
  id: string;
  ownerId: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
}

export interface EndpointChanges {
  url?: string;
  events?: WebhookEventType[];
  enabled?: boolean;
}

const VISIBLE = {
  id: true,
  ownerId: true,
  url: true,
  events: true,
  enabled: true,
  disabledReason: true,
  failingSince: true,
  createdAt: true,
} as const;

/**
 * Webhook endpoints, owner first. Signing secrets are sealed on the way in and opened only by `secrets()`;
 * nothing else here returns them.
 */
@Injectable()
export class WebhookEndpointRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
  ) {}

  async create(
    ownerId: string,
    endpoint: Required<EndpointChanges>,
    secrets: SigningSecrets,
  ): Promise<WebhookEndpointRecord> {
    const row = await this.db.prisma.webhookEndpoint.create({
      data: { ownerId, ...endpoint, secrets: this.vault.sealJson(secrets), keyId: this.vault.keyId },
      select: VISIBLE,
    });
    return row as WebhookEndpointRecord;
  }

  async get(ownerId: string, id: string): Promise<WebhookEndpointRecord | undefined> {
    return (
      ((await this.db.prisma.webhookEndpoint.findFirst({
        where: { id, ownerId },
        select: VISIBLE,
      })) as WebhookEndpointRecord | null) ?? undefined
    );
  }

  async list(ownerId: string): Promise<WebhookEndpointRecord[]> {
    return (await this.db.prisma.webhookEndpoint.findMany({
      where: { ownerId },
      select: VISIBLE,
      orderBy: { createdAt: 'asc' },
    })) as WebhookEndpointRecord[];
  }

  /** The owner's enabled endpoints that asked for this event (an empty filter asks for all). */
  async listSubscribed(ownerId: string, type: WebhookEventType): Promise<WebhookEndpointRecord[]> {
    return (await this.db.prisma.webhookEndpoint.findMany({
      where: { ownerId, enabled: true, OR: [{ events: { has: type } }, { events: { isEmpty: true } }] },
      select: VISIBLE,
    })) as WebhookEndpointRecord[];
  }

  /** Re-enabling forgets the reason it was disabled and the run of failures. */
  async update(ownerId: string, id: string, changes: EndpointChanges): Promise<WebhookEndpointRecord | undefined> {
    const reset = changes.enabled === true ? { disabledReason: null, failingSince: null } : {};
    const result = await this.db.prisma.webhookEndpoint.updateMany({
      where: { id, ownerId },
      data: { ...changes, ...reset },
    });
    return result.count === 1 ? this.get(ownerId, id) : undefined;
  }

  async delete(ownerId: string, id: string): Promise<boolean> {
    return (await this.db.prisma.webhookEndpoint.deleteMany({ where: { id, ownerId } })).count === 1;
  }

  async secrets(ownerId: string, id: string): Promise<SigningSecrets | undefined> {
    const row = await this.db.prisma.webhookEndpoint.findFirst({ where: { id, ownerId }, select: { secrets: true } });
    return row ? this.vault.openJson<SigningSecrets>(row.secrets) : undefined;
  }

  async setSecrets(ownerId: string, id: string, secrets: SigningSecrets): Promise<void> {
    await this.db.prisma.webhookEndpoint.updateMany({
      where: { id, ownerId },
      data: { secrets: this.vault.sealJson(secrets), keyId: this.vault.keyId },
    });
  }

  /** Disables an enabled endpoint; false when it was already disabled (so the owner is told once). */
  async disable(ownerId: string, id: string, reason: string): Promise<boolean> {
    const result = await this.db.prisma.webhookEndpoint.updateMany({
      where: { id, ownerId, enabled: true },
      data: { enabled: false, disabledReason: reason },
    });
    return result.count === 1;
  }

  /** Starts a run of failures at `at` unless one is already running; returns when the run started. */
  async markFailing(ownerId: string, id: string, at: Date): Promise<Date> {
    await this.db.prisma.webhookEndpoint.updateMany({
      where: { id, ownerId, failingSince: null },
      data: { failingSince: at },
    });
    const row = await this.db.prisma.webhookEndpoint.findFirst({
      where: { id, ownerId },
      select: { failingSince: true },
    });
    return row?.failingSince ?? at;
  }

  async markHealthy(ownerId: string, id: string): Promise<void> {
    await this.db.prisma.webhookEndpoint.updateMany({
      where: { id, ownerId, failingSince: { not: null } },
      data: { failingSince: null },
    });
  }
}
