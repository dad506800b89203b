import { Body, Controller, Delete, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ConflictError, NotFoundError, ValidationError } from '../../common/errors';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { ApiKeys } from '../../modules/api-keys/api-keys.service';
import { SecurityLog } from '../../modules/audit/security-log';
import { AllowVia, CurrentPrincipal, OwnerGuard } from '../../modules/auth/owner.guard';
import type { Principal } from '../../modules/auth/principal';
import { newSigningSecret } from '../../modules/webhooks/signing-secrets';
import { ConnectionRepository } from '../connection.repository';
import {
  authorizeSiteSchema,
  CODE_LIFETIME_MS,
  exchangeCodeSchema,
  hashCode,
  newAuthorizationCode,
  normaliseSiteUrl,
  pendingAccepts,
  redirectBelongsToSite,
  type AuthorizeSiteInput,
} from './wordpress-authorization';
import { WordPressConnector } from './wordpress.connector';
import { WordPressSiteRepository } from './wordpress-site.repository';
import { z } from 'zod';

/**
 * "Connect to TagPhoto" from the WordPress plugin, an authorization-code flow with PKCE:
 * 1. the plugin sends the site owner's browser to the dashboard's approval page with a code challenge;
 * 2. the signed-in owner approves (POST /v1/wordpress/authorizations) and the browser carries a one-time code back;
 * 3. the site's server exchanges code + verifier (POST /v1/wordpress/token) for its own API key and callback secret,
 *    which therefore never appear in a URL, a browser history or an access log.
 */
@ApiTags('wordpress')
@Controller('v1/wordpress')
export class WordPressConnectController {
  constructor(
    private readonly sites: WordPressSiteRepository,
    private readonly connections: ConnectionRepository,
    private readonly keys: ApiKeys,
    private readonly audit: SecurityLog,
    private readonly connector: WordPressConnector,
  ) {}

  @Post('authorizations')
  @HttpCode(201)
  @ApiBody({ schema: openApiSchema(authorizeSiteSchema, 'input') })
  @ApiCreatedResponse({
    description: 'Where to send the browser back: the site, with the code and state.',
    schema: openApiSchema(z.object({ redirectUrl: z.string() })),
  })
  @ApiCookieAuth()
  @UseGuards(OwnerGuard)
  @AllowVia('session')
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(authorizeSiteSchema)) body: AuthorizeSiteInput,
  ): Promise<{ redirectUrl: string }> {
    const siteUrl = normaliseSiteUrl(body.siteUrl);
    if (!siteUrl) throw new ValidationError('siteUrl: must be the site’s http(s) address without query or fragment');
    if (!redirectBelongsToSite(body.redirectUri, siteUrl))
      throw new ValidationError(`redirectUri: must be an address of ${siteUrl}`);
    const existing = await this.sites.find(siteUrl);
    if (existing && existing.ownerId !== principal.ownerId) {
      throw new ConflictError(
        'site_connected_elsewhere',
        `${siteUrl} is connected to another TagPhoto account; disconnect it there first.`,
      );
    }
    const code = newAuthorizationCode();
    await this.sites.savePending(principal.ownerId, siteUrl, body.siteName, {
      codeHash: hashCode(code),
      codeChallenge: body.codeChallenge,
      redirectUri: body.redirectUri,
      expiresAt: new Date(Date.now() + CODE_LIFETIME_MS).toISOString(),
    });
    const redirect = new URL(body.redirectUri);
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', body.state);
    return { redirectUrl: redirect.toString() };
  }

  /** Server to server: the code alone is useless without the verifier, which never left the WordPress site. */
  @Post('token')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(exchangeCodeSchema, 'input') })
  @ApiOkResponse({
    schema: openApiSchema(z.object({ apiKey: z.string(), callbackSecret: z.string(), connectionId: z.string() })),
  })
  async exchange(
    @Body(new ZodValidationPipe(exchangeCodeSchema)) body: z.infer<typeof exchangeCodeSchema>,
  ): Promise<{ apiKey: string; callbackSecret: string; connectionId: string }> {
    const siteUrl = normaliseSiteUrl(body.siteUrl);
    const site = siteUrl ? await this.sites.find(siteUrl) : undefined;
    if (!site || !pendingAccepts(site.secrets.pending, body.code, body.codeVerifier, new Date())) {
      throw new ValidationError(
        'The code is unknown, used or expired, or the verifier does not match; connect again from WordPress.',
        'invalid_grant',
      );
    }
    const { record: key, key: apiKey } = await this.keys.issue(
      site.ownerId,
      `WordPress: ${site.siteUrl}`.slice(0, 100),
    );
    const callbackSecret = newSigningSecret();
    if (!(await this.sites.claim(site, { apiKeyId: key.id, callbackSecret: { current: callbackSecret } }))) {
      await this.keys.revoke(site.ownerId, key.id, new Date());
      throw new ValidationError('The code is unknown, used or expired; connect again from WordPress.', 'invalid_grant');
    }
    // A site connecting again replaces its credentials: the old key stops working now.
    if (site.secrets.apiKeyId) await this.revokeKey(site.ownerId, site.secrets.apiKeyId);
    await this.audit.record(site.ownerId, 'api_key.created', { id: key.id, name: key.name, prefix: key.prefix });
    await this.audit.record(site.ownerId, 'connection.added', { provider: 'wordpress', account: site.siteUrl });
    return { apiKey, callbackSecret, connectionId: site.id };
  }

  /** The plugin's "Disconnect": revokes the key it calls with and the site's callback secret. */
  @Delete('site')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(OwnerGuard)
  @AllowVia('api-key')
  async disconnect(@CurrentPrincipal() principal: Principal): Promise<void> {
    const site = principal.apiKeyId ? await this.sites.findByApiKey(principal.ownerId, principal.apiKeyId) : undefined;
    if (!site) throw new NotFoundError('WordPress site for this API key');
    const connection = await this.connections.get(principal.ownerId, site.id);
    if (connection) await this.connector.disconnect(connection);
    await this.connections.delete(principal.ownerId, site.id);
    await this.audit.record(principal.ownerId, 'connection.removed', { provider: 'wordpress', account: site.siteUrl });
  }

  private async revokeKey(ownerId: string, apiKeyId: string): Promise<void> {
    await this.keys.revoke(ownerId, apiKeyId, new Date());
    await this.audit.record(ownerId, 'api_key.revoked', { id: apiKeyId });
  }
}
