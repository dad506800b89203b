import { Logger as NestLogger } from '@nestjs/common';
import type { App, Logger, LogLevel, Receiver } from '@slack/bolt';
import type { Response } from 'express';

/** Bolt's logger interface on top of Nest's, so Slack logs land in the hub's structured log. */
export function boltLogger(context: string): Logger {
  const logger = new NestLogger(context);
  let level = 'info' as LogLevel;
  const text = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  return {
    debug: (...parts) => logger.debug(text(parts)),
    info: (...parts) => logger.log(text(parts)),
    warn: (...parts) => logger.warn(text(parts)),
    error: (...parts) => logger.error(text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Bolt's receiver, mounted in the hub instead of listening on its own port: the hub's controller verifies
 * the signature and hands the parsed body here. Commands, shortcuts and actions are answered the moment a
 * listener calls ack(), so the work after it never holds up Slack's three seconds. Events (uninstall, token
 * revocation) are quick and answered once handled, so a failure gets a 500 and Slack delivers them again.
 */
export class SlackHubReceiver implements Receiver {
  private bolt?: App;
  private readonly logger = new NestLogger('slack');

  init(app: App): void {
    this.bolt = app;
  }

  async start(): Promise<void> {
    return undefined;
  }

  async stop(): Promise<void> {
    return undefined;
  }

  async deliver(
    body: Record<string, unknown>,
    response: Response,
    retry: { num?: number; reason?: string },
  ): Promise<void> {
    const afterHandling = body.type === 'event_callback';
    let answered = false;
    let held: unknown;
    const answer = (payload?: unknown): void => {
      if (answered) return;
      answered = true;
      if (payload === undefined || payload === '') response.status(200).end();
      else if (typeof payload === 'string') response.status(200).type('text/plain').send(payload);
      else response.status(200).json(payload);
    };
    try {
      await this.bolt!.processEvent({
        body,
        ack: async (payload?: unknown) => {
          if (afterHandling) held = payload;
          else answer(payload);
        },
        retryNum: retry.num,
        retryReason: retry.reason,
      });
    } catch (error) {
      this.logger.error(`Slack listener failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!answered) {
        answered = true;
        response
          .status(500)
          .json({ error: { code: 'slack_listener_failed', message: 'TagPhoto could not handle this Slack request.' } });
      }
      return;
    }
    answer(held);
  }
}
