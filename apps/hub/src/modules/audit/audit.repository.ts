import { Inject, Injectable } from '@nestjs/common';
import type { AuditEventType, AuditEventView } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

export type AuditDetail = Record<string, string | number | boolean>;

/** The AuditEvent table; other features write and read the security log through SecurityLog. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(ownerId: string, type: AuditEventType, detail: AuditDetail): Promise<void> {
    await this.db.prisma.auditEvent.create({ data: { ownerId, type, detail } });
  }

  async list(ownerId: string, limit: number): Promise<AuditEventView[]> {
    const rows = await this.db.prisma.auditEvent.findMany({
      where: { ownerId },
      orderBy: { createdAt: 'desc' },
      take: limit,
    });
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      detail: row.detail as Record<string, unknown>,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
