import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';
import { newSigningSecret, type SigningSecrets } from './signing-secrets';

/** The secret that signs an account's per-request callbacks (POST /v1/images callbackUrl), sealed on the account row. */
@Injectable()
export class CallbackSecretRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
  ) {}

  /** The account's callback secrets, created on first use (safely when two requests race). */
  async get(ownerId: string): Promise<SigningSecrets> {
    await this.db.prisma.account.updateMany({
      where: { id: ownerId, callbackSecret: null },
      data: { callbackSecret: this.vault.sealJson({ current: newSigningSecret() } satisfies SigningSecrets), callbackSecretKeyId: this.vault.keyId },
    });
    const row = await this.db.prisma.account.findUniqueOrThrow({ where: { id: ownerId }, select: { callbackSecret: true } });
    return this.vault.openJson<SigningSecrets>(row.callbackSecret!);
  }

  async set(ownerId: string, secrets: SigningSecrets): Promise<void> {
    await this.db.prisma.account.updateMany({
      where: { id: ownerId },
      data: { callbackSecret: this.vault.sealJson(secrets), callbackSecretKeyId: this.vault.keyId },
    });
  }
}
