import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config.schema';
import { CrossSiteRequestError, UnsupportedMediaTypeError } from './errors';

/** The bodies a route can take: a JSON document, a form post (Slack only), a file upload, a CSV file, or nothing at all. */
export type BodyKind = 'json' | 'form' | 'multipart' | 'csv' | 'none';

const MEDIA_TYPES: Record<Exclude<BodyKind, 'none'>, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
  csv: 'text/csv',
};

const ACCEPTED_BODIES = Symbol('ACCEPTED_BODIES');

/**
 * The body kinds a state-changing route accepts; without this decorator it is JSON only. A signed ingress
 * names its provider's one documented type, so a signature minted for another protocol never meets a parser.
 */
export const AcceptsBody = (...kinds: BodyKind[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCEPTED_BODIES, kinds);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs before every other guard on every state-changing request: the body must be of a kind the route accepts
 * (415 otherwise, before the route, an upload parser or a signature check sees it; only JSON is parsed globally,
 * and forms only on Slack's command route), and a browser request must come from the hub's own pages or a
 * configured dashboard origin (403 otherwise), so a page on another site can neither post a form that the
 * session cookie authenticates nor sign the victim into the attacker's account.
 */
@Injectable()
export class RequestIntakeGuard implements CanActivate {
  private readonly dashboardOrigins: Set<string>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.dashboardOrigins = new Set(config.TAGPHOTO_DASHBOARD_ORIGINS.map((origin) => new URL(origin).origin));
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(request.method)) return true;
    const accepted = this.reflector.getAllAndOverride<BodyKind[] | undefined>(ACCEPTED_BODIES, [
      context.getHandler(),
      context.getClass(),
    ]) ?? ['json'];
    checkBody(request, accepted);
    this.checkSameOrigin(request);
    return true;
  }

  /**
   * A browser names where a request comes from (Origin on every unsafe method, Sec-Fetch-Site on secure
   * origins); a request with neither comes from a program (curl, an SDK), which no other site can drive, so it
   * passes. A bearer API key is never sent by a browser on its own: requests carrying one are not checked.
   */
  private checkSameOrigin(request: Request): void {
    if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return;
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    if (origin === undefined && fetchSite === undefined) return;
    if (origin !== undefined && this.dashboardOrigins.has(origin)) return;
    const sameOrigin =
      origin === undefined
        ? fetchSite === 'same-origin'
        : isHubOrigin(origin, request) && (fetchSite === undefined || fetchSite === 'same-origin');
    if (!sameOrigin) {
      throw new CrossSiteRequestError(
        `Refused a state-changing request from another site (Origin ${origin ?? 'absent'}, Sec-Fetch-Site ${fetchSite ?? 'absent'}): use the hub's dashboard, list the dashboard's origin in TAGPHOTO_DASHBOARD_ORIGINS, or send an API key.`,
      );
    }
  }
}

function isHubOrigin(origin: string, request: Request): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    // "null" (sandboxed frames, file: pages) and anything else that is not a URL.
    return false;
  }
}

function checkBody(request: Request, accepted: BodyKind[]): void {
  const mediaType = request.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  const expected = accepted.filter((kind) => kind !== 'none').map((kind) => MEDIA_TYPES[kind]);
  if (hasBody && expected.length === 0) {
    throw new UnsupportedMediaTypeError('This route takes no request body; everything it needs is in the headers.');
  }
  // A route without a body reads nothing, whatever label its request carries.
  if (!hasBody && accepted.includes('none')) return;
  // Without a body the label still has to fit: an empty text/plain or form post is how a foreign page calls a bodiless route.
  if (mediaType === undefined ? hasBody : !expected.includes(mediaType)) {
    throw new UnsupportedMediaTypeError(
      `This route accepts ${expected.join(' or ')} only; the request was ${mediaType ?? 'unlabelled'}.`,
    );
  }
}
