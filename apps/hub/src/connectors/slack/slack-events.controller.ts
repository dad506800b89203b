import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../common/clock';
import { ValidationError } from '../../common/errors';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { SlackBoltService } from './slack-bolt.service';
import { verifySlackSignature } from './slack-signature';
import { slackSigningSecret } from './slack.settings';

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Slack's form posts carry either the fields themselves (slash commands) or one JSON `payload` (interactivity). */
export function parseSlackBody(rawBody: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = rawBody.toString('utf8');
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return JSON.parse(text) as Record<string, unknown>;
  const fields = Object.fromEntries(new URLSearchParams(text));
  return typeof fields.payload === 'string' ? (JSON.parse(fields.payload) as Record<string, unknown>) : fields;
}

/**
 * The one Request URL of the Slack app (slash command, interactivity and events): checks Slack's signature
 * over the exact bytes received, then hands the request to Bolt.
 */
@ApiExcludeController()
@Controller('slack')
export class SlackEventsController {
  constructor(
    private readonly slack: SlackBoltService,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Post('events')
  async events(@Req() request: RawBodyRequest<Request>, @Res() response: Response): Promise<void> {
    const secret = slackSigningSecret(this.config);
    if (!request.rawBody) throw new ValidationError('Expected a form or JSON body signed by Slack.');
    verifySlackSignature(
      secret,
      { signature: header(request, 'x-slack-signature'), timestamp: header(request, 'x-slack-request-timestamp'), rawBody: request.rawBody },
      Math.floor(this.clock.now().getTime() / 1000),
    );
    let body: Record<string, unknown>;
    try {
      body = parseSlackBody(request.rawBody, header(request, 'content-type'));
    } catch {
      throw new ValidationError('The Slack request body is not valid JSON.');
    }
    if (body.ssl_check) return void response.status(200).end();
    if (body.type === 'url_verification') return void response.status(200).json({ challenge: body.challenge });
    const retry = header(request, 'x-slack-retry-num');
    await this.slack.receiver.deliver(body, response, { num: retry ? Number(retry) : undefined, reason: header(request, 'x-slack-retry-reason') });
  }
}
