import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../common/clock';
import { ValidationError } from '../../common/errors';
import { AcceptsBody } from '../../common/request-intake';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { SlackBoltService } from './slack-bolt.service';
import { verifySlackSignature } from './slack-signature';
import { slackSigningSecret } from './slack.settings';

/** Where Slack posts slash commands and interactivity: the one route that parses form bodies (configure-app.ts). */
export const SLACK_FORM_ROUTE = '/slack/commands';

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Slack's form posts carry either the fields themselves (slash commands) or one JSON `payload` (interactivity). */
function parseSlackForm(rawBody: Buffer): Record<string, unknown> {
  const fields = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
  return typeof fields.payload === 'string' ? (JSON.parse(fields.payload) as Record<string, unknown>) : fields;
}

/**
 * Slack's two Request URLs, each with the one body type Slack documents for it: the Events API posts JSON to
 * /slack/events; slash commands and interactivity post forms to /slack/commands. Both check Slack's signature
 * over the exact bytes received before reading them, then hand the request to Bolt.
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
  @AcceptsBody('json')
  async events(@Req() request: RawBodyRequest<Request>, @Res() response: Response): Promise<void> {
    const body = this.verified(
      request,
      'a JSON body',
      (raw) => JSON.parse(raw.toString('utf8')) as Record<string, unknown>,
    );
    if (body.type === 'url_verification') return void response.status(200).json({ challenge: body.challenge });
    await this.deliver(request, response, body);
  }

  @Post('commands')
  @AcceptsBody('form')
  async commands(@Req() request: RawBodyRequest<Request>, @Res() response: Response): Promise<void> {
    const body = this.verified(request, 'a form body', parseSlackForm);
    if (body.ssl_check) return void response.status(200).end();
    await this.deliver(request, response, body);
  }

  /** The body, read only once Slack's signature over its exact bytes has been checked. */
  private verified(
    request: RawBodyRequest<Request>,
    expected: string,
    parse: (raw: Buffer) => Record<string, unknown>,
  ): Record<string, unknown> {
    const secret = slackSigningSecret(this.config);
    if (!request.rawBody) throw new ValidationError(`Expected ${expected} signed by Slack.`);
    verifySlackSignature(
      secret,
      {
        signature: header(request, 'x-slack-signature'),
        timestamp: header(request, 'x-slack-request-timestamp'),
        rawBody: request.rawBody,
      },
      Math.floor(this.clock.now().getTime() / 1000),
    );
    try {
      return parse(request.rawBody);
    } catch {
      throw new ValidationError(`The Slack request is not ${expected} Slack would send.`);
    }
  }

  private async deliver(request: Request, response: Response, body: Record<string, unknown>): Promise<void> {
    const retry = header(request, 'x-slack-retry-num');
    await this.slack.receiver.deliver(body, response, {
      num: retry ? Number(retry) : undefined,
      reason: header(request, 'x-slack-retry-reason'),
    });
  }
}
