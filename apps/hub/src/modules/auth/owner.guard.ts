import {
  CanActivate,
  Controller,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiCookieAuth, ApiExcludeController, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UnauthorizedError } from '../../common/errors';
import { RateLimits } from '../rate-limit/rate-limits';
import { AuthService } from './auth.service';
import { Principal, SESSION_COOKIE } from './principal';

const ALLOWED_VIA = Symbol('ALLOWED_VIA');

/**
 * The ways of signing in a route accepts. Without it a route is for dashboard sessions only: an API key may
 * drive just the routes that opt in (least privilege, so a leaked key cannot reach new routes by default).
 */
export const AllowVia = (...via: Principal['via'][]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_VIA, via);

type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Resolves the caller from `Authorization: Bearer <api key>` or the session cookie. A bearer header that
 * does not check out is refused even when a cookie is present, so a broken integration never silently
 * acts as the person signed in in the same browser.
 */
@Injectable()
export class OwnerGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.resolve(request);
    const allowed = this.reflector.getAllAndOverride<Principal['via'][] | undefined>(ALLOWED_VIA, [
      context.getHandler(),
      context.getClass(),
    ]) ?? ['session'];
    if (!allowed.includes(principal.via)) {
      throw new UnauthorizedError(
        'session_required',
        'This route needs a signed-in dashboard session, not an API key.',
      );
    }
    if (principal.apiKeyId)
      await this.limits.forApiKey(principal.apiKeyId, context.switchToHttp().getResponse<Response>());
    request.principal = principal;
    return true;
  }

  private async resolve(request: Request): Promise<Principal> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new UnauthorizedError('invalid_authorization', 'Use "Authorization: Bearer <API key>".');
      return this.auth.principalFromApiKey(match[1]);
    }
    const token = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const principal = token ? await this.auth.principalFromSession(token) : undefined;
    if (!principal) {
      throw new UnauthorizedError('unauthorized', 'Sign in, or send "Authorization: Bearer <API key>".');
    }
    return principal;
  }
}

/** The authenticated caller of the current request (set by OwnerGuard). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal!,
);

/**
 * A controller whose every route acts for a signed-in owner: Nest's @Controller(path) behind OwnerGuard, the
 * ways of signing in it accepts (dashboard sessions only unless told otherwise), and the matching OpenAPI
 * security schemes under `tag`. Routes that are no API (a browser's /connect/<provider> redirects) say `tag: false`
 * and stay out of the document.
 */
export function OwnerController(
  path: string,
  { tag, via = ['session'] }: { tag: string | false; via?: Principal['via'][] },
): ClassDecorator {
  const documentation: ClassDecorator[] = tag === false ? [ApiExcludeController()] : [ApiTags(tag)];
  if (tag !== false && via.includes('session')) documentation.push(ApiCookieAuth());
  if (tag !== false && via.includes('api-key')) documentation.push(ApiBearerAuth());
  return applyDecorators(...documentation, Controller(path), UseGuards(OwnerGuard), AllowVia(...via));
}
