import type { MissingPack } from '@tagphoto/tagging';
import type { HubConfig } from './config/config.schema';

/** What each connector needs from the environment before it can be switched on. */
const CONNECTOR_SETTINGS: ReadonlyArray<{ name: string; settings: ReadonlyArray<keyof HubConfig> }> = [
  { name: 'Shopify', settings: ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_APP_URL'] },
  { name: 'Slack', settings: ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_SIGNING_SECRET', 'SLACK_STATE_SECRET'] },
  {
    name: 'Google Drive',
    settings: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REDIRECT_URL', 'GOOGLE_DRIVE_WEBHOOK_URL'],
  },
];

/** The command that installs every missing model pack (package.json). */
export const FETCH_MODELS_COMMAND = 'npm run models:fetch';

/** Where a person on this machine opens the hub: a wildcard interface is reachable as localhost. */
function hubUrl(config: Pick<HubConfig, 'HOST' | 'PORT'>): string {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST)
    ? 'localhost'
    : config.HOST.includes(':')
      ? `[${config.HOST}]`
      : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/** e.g. "TagPhoto is ready at http://localhost:3000 — data in ./data (embedded PostgreSQL, in-process jobs)". */
export function readyLine(config: HubConfig): string {
  const database = config.DATABASE_URL ? 'PostgreSQL' : 'embedded PostgreSQL';
  const jobs = config.REDIS_URL ? 'jobs on Redis' : 'in-process jobs';
  return `TagPhoto is ready at ${hubUrl(config)} — data in ${config.TAGPHOTO_DATA_DIR} (${database}, ${jobs})`;
}

/** One line per thing that is missing or switched off, each saying what to do about it. */
export function degradedLines(config: HubConfig, missingPacks: readonly MissingPack[]): string[] {
  const lines = missingPacks.map(
    (pack) =>
      `Model pack ${pack.id} is missing (${pack.withoutIt}): install it with \`${FETCH_MODELS_COMMAND}\` (looked for ${pack.path})`,
  );
  const off = CONNECTOR_SETTINGS.filter((connector) => connector.settings.some((name) => !config[name]));
  if (off.length > 0) {
    const needs = off.map(
      (connector) => `${connector.name} (${connector.settings.filter((name) => !config[name]).join(', ')})`,
    );
    lines.push(`Connectors not configured: ${needs.join('; ')} — set these to connect them`);
  }
  return lines;
}
