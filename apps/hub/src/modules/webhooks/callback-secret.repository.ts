import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';
import { WORDPRESS_PROVIDER, type WordPressSiteSecrets } from '../../connectors/wordpress/wordpress-authorization';
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
      data: {
        callbackSecret: this.vault.sealJson({ current: newSigningSecret() } satisfies SigningSecrets),
        callbackSecretKeyId: this.vault.keyId,
      },
    });
    const row = await this.db.prisma.account.findUniqueOrThrow({
      where: { id: ownerId },
      select: { callbackSecret: true },
    });
    return this.vault.openJson<SigningSecrets>(row.callbackSecret!);
  }

  /**
   * The secrets that sign a callback to `callbackUrl`: a connected WordPress site's own secret when the URL is one
   * of that site's (so disconnecting the site revokes it), the account's otherwise.
   */
  async forCallbackUrl(ownerId: string, callbackUrl: string): Promise<SigningSecrets> {
    const sites = await this.db.prisma.connection.findMany({
      where: { ownerId, provider: WORDPRESS_PROVIDER, status: 'active' },
      select: { externalAccount: true, secrets: true },
    });
    const site = sites
      .filter(
        ({ externalAccount }) =>
          callbackUrl.startsWith(`${externalAccount}/`) || callbackUrl.startsWith(`${externalAccount}?`),
      )
      .sort((a, b) => b.externalAccount.length - a.externalAccount.length)[0];
    const secrets = site?.secrets ? this.vault.openJson<WordPressSiteSecrets>(site.secrets) : undefined;
    return secrets?.callbackSecret ?? this.get(ownerId);
  }

  async set(ownerId: string, secrets: SigningSecrets): Promise<void> {
    await this.db.prisma.account.updateMany({
      where: { id: ownerId },
      data: { callbackSecret: this.vault.sealJson(secrets), callbackSecretKeyId: this.vault.keyId },
    });
  }
}
