import { Inject, Injectable } from '@nestjs/common';
import type { AuditEventView } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

export type AuditEventType =
  | 'account.created'
  | 'login.succeeded'
  | 'login.failed'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'privacy.updated'
  | 'account.exported'
  | 'image.deleted'
  | 'connection.added'
  | 'connection.removed'
  | 'webhook_endpoint.created'
  | 'webhook_endpoint.deleted'
  | 'webhook_endpoint.secret_rotated'
  | 'webhook_endpoint.disabled';

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async record(ownerId: string, type: AuditEventType, detail: Record<string, string | number | boolean> = {}): Promise<void> {
    await this.db.prisma.auditEvent.create({ data: { ownerId, type, detail } });
  }

  async list(ownerId: string, limit: number): Promise<AuditEventView[]> {
    const rows = await this.db.prisma.auditEvent.findMany({ where: { ownerId }, orderBy: { createdAt: 'desc' }, take: limit });
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      detail: row.detail as Record<string, unknown>,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
