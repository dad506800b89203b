import { Get, Query, Req, Res } from '@nestjs/common';
import { ShopifyError } from '@shopify/shopify-api';
import type { Request, Response } from 'express';
import { UnauthorizedError, ValidationError } from '../../common/errors';
import { CurrentPrincipal, OwnerController } from '../../modules/auth/owner.guard';
import type { Principal } from '../../modules/auth/principal';
import { ShopifyApp } from './shopify-api.provider';
import { ShopifyShopService } from './shopify-shop.service';
import { tokensOf } from './shopify-tokens';

const CALLBACK_PATH = '/connect/shopify/callback';

/**
 * Non-embedded install by OAuth authorization code, from a signed-in dashboard session. The library signs the
 * state into a cookie and checks it and the HMAC on the way back; the same browser's session names the owner.
 */
@OwnerController('connect/shopify', { tag: false })
export class ShopifyAuthController {
  constructor(
    private readonly shopify: ShopifyApp,
    private readonly shops: ShopifyShopService,
  ) {}

  @Get()
  async begin(
    @Query('shop') shop: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const library = this.shopify.library;
    const clean = library.utils.sanitizeShop(shop ?? '');
    if (!clean) throw new ValidationError('Give the shop as ?shop=<name>.myshopify.com.', 'invalid_shop');
    await library.auth.begin({
      shop: clean,
      callbackPath: CALLBACK_PATH,
      isOnline: false,
      rawRequest: request,
      rawResponse: response,
    });
  }

  @Get('callback')
  async callback(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const library = this.shopify.library;
    let result: Awaited<ReturnType<typeof library.auth.callback>>;
    try {
      result = await library.auth.callback({ rawRequest: request, rawResponse: response, expiring: true });
    } catch (error) {
      if (error instanceof ShopifyError)
        throw new UnauthorizedError(
          'shopify_oauth_invalid',
          `The Shopify install could not be verified: ${error.message}`,
        );
      throw error;
    }
    const { session } = result;
    if (!session.accessToken) throw new UnauthorizedError('shopify_oauth_invalid', 'Shopify returned no access token.');
    await this.shops.connect(principal.ownerId, session.shop, tokensOf(session));
    for (const [name, value] of Object.entries(result.headers ?? {}))
      response.setHeader(name, value as string | string[]);
    response.redirect(302, `https://${session.shop}/admin/apps/${library.config.apiKey}`);
  }
}
