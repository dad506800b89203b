import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { reviewApprovalSchema, type HeldSuggestion } from '@tagphoto/contracts';
import escapeHtml from 'escape-html';
import type { Response } from 'express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UnauthorizedError, ValidationError } from '../../common/errors';
import { AuthService } from '../../modules/auth/auth.service';
import { ReviewService } from '../../modules/review/review.service';
import { ShopifyApp } from './shopify-api.provider';
import { ShopStatus, ShopifyShopService } from './shopify-shop.service';

/** apps/shopify-app/web, at the same depth from apps/hub/src and apps/hub/dist. */
const PAGE_DIR = join(__dirname, '..', '..', '..', '..', 'shopify-app', 'web');
/** Shopify requires App Bridge to be loaded from its CDN. */
export const APP_BRIDGE = 'https://cdn.shopify.com/shopifycloud/app-bridge.js';
/** Polaris web components (the admin's own look and controls), also served only from Shopify's CDN. */
export const POLARIS = 'https://cdn.shopify.com/shopifycloud/polaris.js';

/**
 * The embedded admin page and the small API behind it. Every API call carries an App Bridge session token
 * (Authorization: Bearer), verified with the app secret; the shop comes from the token, never from the request.
 */
@ApiExcludeController()
@Controller('shopify')
export class ShopifyEmbeddedController {
  constructor(
    private readonly shopify: ShopifyApp,
    private readonly shops: ShopifyShopService,
    private readonly auth: AuthService,
    private readonly review: ReviewService,
  ) {}

  @Get('app')
  async page(@Query('shop') shop: string | undefined, @Res() response: Response): Promise<void> {
    const library = this.shopify.library;
    const cleanShop = library.utils.sanitizeShop(shop ?? '');
    const template = await readFile(join(PAGE_DIR, 'index.html'), 'utf8');
    response.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        // The page's own script and exactly the two scripts Shopify serves; no inline script.
        `script-src 'self' ${APP_BRIDGE} ${POLARIS}`,
        // Polaris components style themselves with inline styles in their shadow roots.
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self' https://*.shopify.com",
        "img-src 'self' data: https://cdn.shopify.com",
        "object-src 'none'",
        // Only the shop's admin may frame the page (Shopify's clickjacking rule for embedded apps).
        `frame-ancestors ${cleanShop ? `https://${cleanShop} ` : ''}https://admin.shopify.com`,
      ].join('; '),
    );
    response
      .type('html')
      .send(
        template
          .replace('{{SHOPIFY_API_KEY}}', escapeHtml(library.config.apiKey))
          .replace('{{APP_BRIDGE}}', APP_BRIDGE)
          .replace('{{POLARIS}}', POLARIS),
      );
  }

  @Get('app/app.js')
  async script(@Res() response: Response): Promise<void> {
    response.type('application/javascript').send(await readFile(join(PAGE_DIR, 'app.js'), 'utf8'));
  }

  @Get('api/status')
  async status(@Headers('authorization') authorization: string | undefined): Promise<ShopStatus> {
    return this.shops.status(await this.shop(authorization));
  }

  /** Links the shop to the TagPhoto account whose API key the merchant pastes once, by token exchange. */
  @Post('api/install')
  async install(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: { apiKey?: unknown },
  ): Promise<ShopStatus> {
    const sessionToken = bearer(authorization);
    const shop = await this.shops.shopFromSessionToken(sessionToken);
    if (typeof body?.apiKey !== 'string')
      throw new ValidationError('Send {"apiKey": "tpk_…"}: a TagPhoto API key of the account to connect.');
    const principal = await this.auth.principalFromApiKey(body.apiKey);
    await this.shops.connectByTokenExchange(principal.ownerId, shop, sessionToken);
    return this.shops.status(shop);
  }

  @Put('api/settings')
  async settings(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<ShopStatus> {
    return this.shops.updateSettings(await this.shop(authorization), body);
  }

  @Post('api/vocabulary/import')
  async importVocabulary(@Headers('authorization') authorization: string | undefined): Promise<ShopStatus> {
    return this.shops.importShopTags(await this.shop(authorization));
  }

  @Post('api/backfill')
  async backfill(@Headers('authorization') authorization: string | undefined): Promise<ShopStatus> {
    return this.shops.startBackfill(await this.shop(authorization));
  }

  /** The suggestions held for review (by the shop's review setting), oldest first. */
  @Get('api/review')
  async heldSuggestions(@Headers('authorization') authorization: string | undefined): Promise<ReviewList> {
    const connection = await this.shops.requireConnection(await this.shop(authorization));
    return { suggestions: await this.review.list(connection.ownerId, connection.id) };
  }

  /** Approves a held suggestion, as it is or with the merchant's rewrite of its alt text; either is written to the store. */
  @Post('api/review/:imageId/approve')
  @HttpCode(200)
  async approve(
    @Headers('authorization') authorization: string | undefined,
    @Param('imageId', ParseUUIDPipe) imageId: string,
    @Body() body: unknown,
  ): Promise<ReviewList> {
    const connection = await this.shops.requireConnection(await this.shop(authorization));
    const approval = reviewApprovalSchema.safeParse(body ?? {});
    if (!approval.success)
      throw new ValidationError(
        'Send {} to approve as suggested, or {"altText": "…"} (1 to 1000 characters) to approve your rewrite.',
      );
    await this.review.approve(connection.ownerId, connection.id, imageId, approval.data);
    return { suggestions: await this.review.list(connection.ownerId, connection.id) };
  }

  /** Rejects a held suggestion: nothing is written to the store. */
  @Post('api/review/:imageId/reject')
  @HttpCode(200)
  async reject(
    @Headers('authorization') authorization: string | undefined,
    @Param('imageId', ParseUUIDPipe) imageId: string,
  ): Promise<ReviewList> {
    const connection = await this.shops.requireConnection(await this.shop(authorization));
    await this.review.reject(connection.ownerId, connection.id, imageId);
    return { suggestions: await this.review.list(connection.ownerId, connection.id) };
  }

  private async shop(authorization: string | undefined): Promise<string> {
    return this.shops.shopFromSessionToken(bearer(authorization));
  }
}

interface ReviewList {
  suggestions: HeldSuggestion[];
}

function bearer(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match)
    throw new UnauthorizedError(
      'missing_session_token',
      'Send the App Bridge session token as "Authorization: Bearer <token>".',
    );
  return match[1];
}
