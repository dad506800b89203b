import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';
import { WORDPRESS_PROVIDER, type PendingAuthorization, type WordPressSiteSecrets } from './wordpress-authorization';

export interface WordPressSite {
  id: string;
  ownerId: string;
  siteUrl: string;
  status: string;
  secrets: WordPressSiteSecrets;
}

/**
 * WordPress sites are Connections (provider "wordpress", external account = the site's address). This adds what
 * the connect flow needs beyond ConnectionRepository: a pending approval kept beside the site's live credentials,
 * and claiming it exactly once (a compare-and-swap on the sealed secrets, so two exchanges of one code cannot
 * both succeed).
 */
@Injectable()
export class WordPressSiteRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
  ) {}

  async find(siteUrl: string): Promise<WordPressSite | undefined> {
    const row = await this.db.prisma.connection.findUnique({
      where: { provider_externalAccount: { provider: WORDPRESS_PROVIDER, externalAccount: siteUrl } },
      select: { id: true, ownerId: true, externalAccount: true, status: true, secrets: true },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      ownerId: row.ownerId,
      siteUrl: row.externalAccount,
      status: row.status,
      secrets: row.secrets ? this.vault.openJson<WordPressSiteSecrets>(row.secrets) : {},
    };
  }

  /** Records the owner's approval; a site already connected keeps working with its current credentials until the exchange. */
  async savePending(ownerId: string, siteUrl: string, siteName: string, pending: PendingAuthorization): Promise<void> {
    const existing = await this.find(siteUrl);
    const secrets = this.vault.sealJson({ ...(existing?.secrets ?? {}), pending } satisfies WordPressSiteSecrets);
    if (existing) {
      await this.db.prisma.connection.updateMany({
        where: { id: existing.id, ownerId },
        data: { secrets, keyId: this.vault.keyId, settings: { siteName } },
      });
      return;
    }
    await this.db.prisma.connection.create({
      data: {
        ownerId,
        provider: WORDPRESS_PROVIDER,
        externalAccount: siteUrl,
        status: 'pending',
        settings: { siteName },
        secrets,
        keyId: this.vault.keyId,
      },
    });
  }

  /**
   * Replaces the site's secrets with `next` and marks it active, only if they are still exactly what `site` was read
   * with: the one-time code can be exchanged once.
   */
  async claim(site: WordPressSite, next: WordPressSiteSecrets): Promise<boolean> {
    const row = await this.db.prisma.connection.findUnique({ where: { id: site.id }, select: { secrets: true } });
    if (!row?.secrets) return false;
    const current = this.vault.openJson<WordPressSiteSecrets>(row.secrets);
    if (current.pending?.codeHash !== site.secrets.pending?.codeHash) return false;
    const updated = await this.db.prisma.connection.updateMany({
      where: { id: site.id, ownerId: site.ownerId, secrets: { equals: row.secrets } },
      data: { secrets: this.vault.sealJson(next), keyId: this.vault.keyId, status: 'active' },
    });
    return updated.count === 1;
  }

  /** The owner's site that holds this API key (the plugin disconnecting itself). */
  async findByApiKey(ownerId: string, apiKeyId: string): Promise<WordPressSite | undefined> {
    const rows = await this.db.prisma.connection.findMany({
      where: { ownerId, provider: WORDPRESS_PROVIDER },
      select: { id: true, ownerId: true, externalAccount: true, status: true, secrets: true },
    });
    for (const row of rows) {
      const secrets = row.secrets ? this.vault.openJson<WordPressSiteSecrets>(row.secrets) : {};
      if (secrets.apiKeyId === apiKeyId)
        return { id: row.id, ownerId: row.ownerId, siteUrl: row.externalAccount, status: row.status, secrets };
    }
    return undefined;
  }
}
