import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

@Injectable()
export class SessionRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(ownerId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db.prisma.session.create({ data: { ownerId, tokenHash, expiresAt } });
  }

  /** The owner of a live session, or undefined when unknown or expired. */
  async findOwner(tokenHash: string, now: Date): Promise<string | undefined> {
    const session = await this.db.prisma.session.findUnique({ where: { tokenHash } });
    return session && session.expiresAt > now ? session.ownerId : undefined;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.prisma.session.deleteMany({ where: { tokenHash } });
  }
}
