import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditEventType, AuditEventView } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

type AuditDetail = Record<string, string | number | boolean>;

@Injectable()
export class AuditRepository {
  private readonly logger = new Logger('audit');
  private readonly pending = new Set<Promise<void>>();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async record(ownerId: string, type: AuditEventType, detail: AuditDetail = {}): Promise<void> {
    await this.db.prisma.auditEvent.create({ data: { ownerId, type, detail } });
  }

  /**
   * Records without the caller waiting, for answers whose timing must not reveal that there was an owner to
   * record for (a login for an existing email would otherwise be one insert slower than for an unknown one).
   */
  recordInBackground(ownerId: string, type: AuditEventType, detail: AuditDetail = {}): void {
    const write: Promise<void> = this.record(ownerId, type, detail)
      .catch((error: unknown) => this.logger.error(`audit event ${type} was not recorded: ${(error as Error).message}`))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async list(ownerId: string, limit: number): Promise<AuditEventView[]> {
    // The owner's own security log shows what this process is still writing in the background.
    await Promise.all(this.pending);
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
