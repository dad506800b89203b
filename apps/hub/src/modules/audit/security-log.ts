import { Injectable, Logger } from '@nestjs/common';
import type { AuditEventType, AuditEventView } from '@tagphoto/contracts';
import { AuditDetail, AuditRepository } from './audit.repository';

/** The owner's security log, as every feature appends to it and the owner reads it. */
@Injectable()
export class SecurityLog {
  private readonly logger = new Logger('audit');
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly events: AuditRepository) {}

  async record(ownerId: string, type: AuditEventType, detail: AuditDetail = {}): Promise<void> {
    await this.events.insert(ownerId, type, detail);
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
    return this.events.list(ownerId, limit);
  }
}
