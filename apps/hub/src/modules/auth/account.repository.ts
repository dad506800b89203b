import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

export interface AccountRecord {
  id: string;
  email: string;
  passwordHash: string;
}

@Injectable()
export class AccountRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Undefined when the email is taken. */
  async create(email: string, passwordHash: string): Promise<AccountRecord | undefined> {
    const result = await this.db.prisma.account.createMany({ data: [{ email, passwordHash }], skipDuplicates: true });
    if (result.count === 0) return undefined;
    return (await this.findByEmail(email))!;
  }

  async findByEmail(email: string): Promise<AccountRecord | undefined> {
    return (await this.db.prisma.account.findUnique({ where: { email } })) ?? undefined;
  }

  async get(ownerId: string): Promise<AccountRecord | undefined> {
    return (await this.db.prisma.account.findUnique({ where: { id: ownerId } })) ?? undefined;
  }
}
