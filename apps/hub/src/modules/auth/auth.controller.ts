import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  accountSchema,
  AccountView,
  Credentials,
  credentialsSchema,
  SignUpAnswer,
  signUpAnswerSchema,
} from '@tagphoto/contracts';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuthRateLimitGuard } from '../rate-limit/auth-rate-limit.guard';
import { AuthService, StartedSession } from './auth.service';
import { AllowVia, CurrentPrincipal, OwnerGuard } from './owner.guard';
import { Principal, SESSION_COOKIE } from './principal';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * 202 and the same body whether the email was new or already had an account, and no session either way:
   * an answer that differed would tell anyone which emails have accounts. The caller signs in next.
   */
  @Post('signup')
  @HttpCode(202)
  @UseGuards(AuthRateLimitGuard)
  @ApiBody({ schema: openApiSchema(credentialsSchema, 'input') })
  @ApiAcceptedResponse({ schema: openApiSchema(signUpAnswerSchema) })
  async signUp(@Body(new ZodValidationPipe(credentialsSchema)) credentials: Credentials): Promise<SignUpAnswer> {
    await this.auth.signUp(credentials);
    return {
      status: 'accepted',
      message:
        'If this email had no account, it has one now: sign in with it. If it had one, nothing changed and its owner sees this attempt in their security log.',
    };
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard)
  @ApiBody({ schema: openApiSchema(credentialsSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(accountSchema) })
  async logIn(
    @Body(new ZodValidationPipe(credentialsSchema)) credentials: Credentials,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AccountView> {
    return this.withCookie(response, await this.auth.logIn(credentials));
  }

  @Post('logout')
  @HttpCode(204)
  async logOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (token) await this.auth.logOut(token);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @UseGuards(OwnerGuard)
  @AllowVia('session', 'api-key')
  @ApiOkResponse({ schema: openApiSchema(accountSchema) })
  me(@CurrentPrincipal() principal: Principal): Promise<AccountView> {
    return this.auth.account(principal.ownerId);
  }

  private withCookie(response: Response, session: StartedSession): AccountView {
    response.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      // Lax, not Strict: the OAuth installs (Shopify, Slack, Google) come back as top-level navigations from the
      // provider's site and need the session. Cross-site state changes are refused by RequestIntakeGuard instead.
      sameSite: 'lax',
      secure: this.config.TAGPHOTO_SECURE_COOKIES,
      expires: session.expiresAt,
      path: '/',
    });
    return session.account;
  }
}
