import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SecurityLog } from '../../modules/audit/security-log';
import { CurrentPrincipal, OwnerController } from '../../modules/auth/owner.guard';
import type { Principal } from '../../modules/auth/principal';
import { ConnectionRepository } from '../connection.repository';
import { DriveSecrets, GoogleDriveClient } from './google-drive.client';
import { OAuthDeniedError, OAuthStateError } from './google-drive.errors';
import { PROVIDER } from './google-drive.settings';
import { OAuthState } from './oauth-state';

/** Google's OAuth web-server flow, started and finished from the owner's dashboard session. */
@OwnerController('connect/google-drive', { tag: false })
export class GoogleDriveOAuthController {
  constructor(
    private readonly client: GoogleDriveClient,
    private readonly state: OAuthState,
    private readonly connections: ConnectionRepository,
    private readonly audit: SecurityLog,
  ) {}

  /** Sends the browser to Google's consent screen. */
  @Get()
  begin(@CurrentPrincipal() principal: Principal, @Res() response: Response): void {
    response.redirect(302, this.client.consentUrl(this.state.issue(principal.ownerId)));
  }

  /** Google sends the browser back here with a code; the tokens are sealed and the owner returns to the dashboard. */
  @Get('callback')
  async callback(
    @CurrentPrincipal() principal: Principal,
    @Query('state') state: string | undefined,
    @Query('code') code: string | undefined,
    @Query('error') error: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (!state) throw new OAuthStateError();
    this.state.check(state, principal.ownerId);
    if (error || !code) throw new OAuthDeniedError(error ?? 'no authorization code');
    const account = await this.client.exchangeCode(code);
    const existing = await this.connections.findByExternalAccount(PROVIDER, account.id);
    // Re-connecting keeps the owner's channel secret, so notifications keep verifying until the next renewal.
    const kept =
      existing?.ownerId === principal.ownerId
        ? await this.connections.secrets<DriveSecrets>(existing.ownerId, existing.id)
        : undefined;
    const connection = await this.connections.upsert(
      principal.ownerId,
      PROVIDER,
      account.id,
      { ...kept, tokens: { ...kept?.tokens, ...account.tokens } },
      { folders: [] },
    );
    if (existing?.ownerId !== principal.ownerId) {
      await this.audit.record(principal.ownerId, 'connection.added', {
        provider: PROVIDER,
        account: account.email || account.id,
      });
    }
    response.redirect(302, `/?connected=${PROVIDER}&connection=${connection.id}`);
  }
}
