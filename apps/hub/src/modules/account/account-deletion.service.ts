import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BlobStore } from '@tagphoto/privacy';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { RAW_BLOB_STORE } from '../../storage/storage.module';
import { Connections } from '../../connectors/connections.service';
import { ConnectorRegistry } from '../../connectors/connector-registry';
import { ApiKeys } from '../api-keys/api-keys.service';

export type DeletionReason = 'owner_request' | 'child' | 'operator';

/**
 * Removes an account and everything of it: tokens revoked at each connected provider, queued jobs, every blob
 * under the owner's prefix, and every row (sessions, keys, images, results, usage, audit events, connections,
 * webhook endpoints and deliveries cascade from the account). What remains is one
 * DeletionRecord saying that an account was deleted and why — not whose.
 */
@Injectable()
export class AccountDeletionService {
  private readonly logger = new Logger('account-deletion');

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(RAW_BLOB_STORE) private readonly blobs: BlobStore,
    private readonly connections: Connections,
    private readonly connectors: ConnectorRegistry,
    private readonly apiKeys: ApiKeys,
  ) {}

  /** False when there was no such account. */
  async delete(ownerId: string, reason: DeletionReason): Promise<boolean> {
    // Hub processes answer keys from memory for a while: closed first, no key of the account works past this line.
    await this.apiKeys.withdrawAll(ownerId);
    for (const connection of await this.connections.list(ownerId)) {
      // Revoking at the provider is best effort: the provider may be down or the token already dead.
      await this.connectors
        .get(connection.provider)
        ?.disconnect(connection)
        .catch((error: Error) =>
          this.logger.warn(`could not revoke a ${connection.provider} connection: ${error.message}`),
        );
    }
    const images = await this.db.prisma.image.findMany({ where: { ownerId }, select: { id: true } });
    for (const image of images) await this.queue.cancel('tag-image', image.id);
    const deleted = await this.db.prisma.$transaction(async (tx) => {
      const result = await tx.account.deleteMany({ where: { id: ownerId } });
      if (result.count === 0) return false;
      await tx.deletionRecord.create({ data: { reason } });
      return true;
    });
    // After the rows, so a job that was already running finds its image gone and writes nothing back.
    await this.blobs.deletePrefix(`${ownerId}/`);
    if (deleted) this.logger.log(`deleted an account (${reason})`);
    return deleted;
  }
}
