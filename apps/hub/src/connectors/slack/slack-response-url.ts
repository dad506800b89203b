import type { SlackMessage } from './slack-message';

export class SlackResponseUrlError extends Error {}

/** response_url is a one-off webhook on hooks.slack.com; nothing else is posted to. */
export async function postToResponseUrl(responseUrl: string, message: SlackMessage): Promise<void> {
  const url = new URL(responseUrl);
  if (url.protocol !== 'https:' || url.hostname !== 'hooks.slack.com') {
    throw new SlackResponseUrlError('A Slack response_url must be on https://hooks.slack.com.');
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new SlackResponseUrlError(`Slack refused the answer: HTTP ${response.status}.`);
}
