import { z } from 'zod';

/**
 * Every environment variable the hub reads, validated once at boot. Each entry declares whether it is a
 * secret, so the boot log can print the effective configuration without ever printing a secret.
 */
interface Setting<T extends z.ZodType> {
  schema: T;
  secret: boolean;
  description: string;
}

const setting = <T extends z.ZodType>(schema: T, secret: boolean, description: string): Setting<T> => ({
  schema,
  secret,
  description,
});

const csv = z
  .string()
  .optional()
  .transform((value) =>
    value
      ? value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
      : [],
  );

export const SETTINGS = {
  PORT: setting(z.coerce.number().int().min(0).max(65535).default(3000), false, 'HTTP port of the API and dashboard.'),
  HOST: setting(z.string().default('0.0.0.0'), false, 'Interface the HTTP server listens on.'),
  DATABASE_URL: setting(
    z.string().url().optional(),
    true,
    'PostgreSQL URL (server mode). Unset: embedded PGlite under TAGPHOTO_DATA_DIR.',
  ),
  REDIS_URL: setting(
    z.string().url().optional(),
    true,
    'Redis URL for BullMQ (server mode). Unset: jobs run in-process.',
  ),
  HUB_ROLE: setting(z.enum(['api', 'worker', 'all']).default('all'), false, 'What this process runs.'),
  TAGPHOTO_DATA_DIR: setting(z.string().default('./data'), false, 'Embedded database, blobs and local key.'),
  TAGPHOTO_MODEL_DIR: setting(z.string().optional(), false, 'Folder with optional model packs.'),
  TAGPHOTO_CACHE_DIR: setting(z.string().optional(), false, 'Folder with converted models (default ./.cache).'),
  TAGPHOTO_ENGINE_THREADS: setting(
    z.coerce.number().int().min(1).optional(),
    false,
    'onnxruntime threads per model run.',
  ),
  // Two: the next image is decoded and resampled while the models run on the engine's inference thread.
  TAGPHOTO_WORKER_CONCURRENCY: setting(
    z.coerce.number().int().min(1).max(32).default(2),
    false,
    'Jobs run at once per worker process.',
  ),
  TAGPHOTO_JOB_ATTEMPTS: setting(
    z.coerce.number().int().min(1).max(20).default(3),
    false,
    'Tries per job before it fails.',
  ),
  TAGPHOTO_JOB_BACKOFF_MS: setting(
    z.coerce.number().int().min(1).default(2000),
    false,
    'First retry delay; doubles each try.',
  ),
  TAGPHOTO_JOB_LOCK_MS: setting(
    z.coerce.number().int().min(1000).default(30_000),
    false,
    'How long a worker may go silent before its job is taken over.',
  ),
  TAGPHOTO_RECOVERY_INTERVAL_MS: setting(
    z.coerce.number().int().min(500).default(30_000),
    false,
    'How often images stuck by an outage are dispatched again.',
  ),
  TAGPHOTO_QUEUE_PREFIX: setting(
    z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/)
      .default('tagphoto'),
    false,
    'Redis key prefix of the job queues.',
  ),
  TAGPHOTO_MASTER_KEY: setting(
    z.string().optional(),
    true,
    'Base64 of 32 random bytes that encrypts stored images. Unset: a key file in the data folder.',
  ),
  TAGPHOTO_PREVIOUS_MASTER_KEYS: setting(
    csv,
    true,
    'Earlier master keys (comma-separated), still able to open objects until they are re-wrapped.',
  ),
  TAGPHOTO_BLOB_STORE: setting(
    z.enum(['file', 's3']).default('file'),
    false,
    'Where image bytes live: files under the data folder, or an S3-compatible bucket.',
  ),
  TAGPHOTO_S3_ENDPOINT: setting(z.string().url().optional(), false, 'S3-compatible endpoint (unset: AWS).'),
  TAGPHOTO_S3_REGION: setting(z.string().default('us-east-1'), false, 'S3 region.'),
  TAGPHOTO_S3_BUCKET: setting(z.string().optional(), false, 'S3 bucket for image bytes.'),
  TAGPHOTO_S3_ACCESS_KEY_ID: setting(z.string().optional(), true, 'S3 access key id (unset: the SDK default chain).'),
  TAGPHOTO_S3_SECRET_ACCESS_KEY: setting(z.string().optional(), true, 'S3 secret access key.'),
  TAGPHOTO_S3_FORCE_PATH_STYLE: setting(
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    false,
    'Path-style bucket URLs (most S3-compatible servers).',
  ),
  TAGPHOTO_USAGE_LOG_DAYS: setting(
    z.coerce.number().int().min(1).default(90),
    false,
    'How long API request logs are kept.',
  ),
  TAGPHOTO_RETENTION_SWEEP_MS: setting(
    z.coerce
      .number()
      .int()
      .min(1000)
      .default(15 * 60_000),
    false,
    'How often due images and logs are deleted.',
  ),
  TAGPHOTO_RATE_LIMIT_API: setting(
    z.coerce.number().int().min(1).default(600),
    false,
    'Requests per minute per API key.',
  ),
  TAGPHOTO_RATE_LIMIT_AUTH: setting(
    z.coerce.number().int().min(1).default(20),
    false,
    'Sign-up/login attempts per minute per IP address.',
  ),
  TAGPHOTO_GUESS_FREE_ATTEMPTS: setting(
    z.coerce.number().int().min(1).default(5),
    false,
    'Wrong passwords per account (from any address) before each further one doubles the wait.',
  ),
  TAGPHOTO_GUESS_BACKOFF_MS: setting(
    z.coerce.number().int().min(1).default(1000),
    false,
    'First wait after the free wrong passwords; doubles per wrong password, up to 15 minutes.',
  ),
  TAGPHOTO_TRUST_PROXY: setting(
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    false,
    'Take the client IP from X-Forwarded-For (behind a reverse proxy).',
  ),
  TAGPHOTO_MAX_UPLOAD_BYTES: setting(
    z.coerce
      .number()
      .int()
      .min(1)
      .default(25 * 1024 * 1024),
    false,
    'Largest accepted image file.',
  ),
  // Each upload in flight holds its bytes (up to TAGPHOTO_MAX_UPLOAD_BYTES) and a few copies while it is checked and sealed.
  TAGPHOTO_UPLOADS_IN_FLIGHT: setting(
    z.coerce.number().int().min(1).default(6),
    false,
    'Uploads one hub process receives at once; more are answered 503 with Retry-After.',
  ),
  TAGPHOTO_UPLOADS_IN_FLIGHT_PER_OWNER: setting(
    z.coerce.number().int().min(1).default(4),
    false,
    'Uploads of one owner a process receives at once; more are answered 429 with Retry-After.',
  ),
  TAGPHOTO_MAX_PIXELS: setting(
    z.coerce.number().int().min(1).default(50_000_000),
    false,
    'Largest accepted image area (decompression-bomb guard).',
  ),
  TAGPHOTO_FETCH_TIMEOUT_MS: setting(
    z.coerce.number().int().min(1).default(10_000),
    false,
    'Time limit for fetching an image by URL.',
  ),
  TAGPHOTO_FETCH_ALLOW_HOSTS: setting(
    csv,
    false,
    'Hosts or CIDR ranges that image URLs may target even if private (comma-separated).',
  ),
  TAGPHOTO_WEBHOOK_TIMEOUT_MS: setting(
    z.coerce.number().int().min(1).default(15_000),
    false,
    'Time a webhook receiver has to answer one delivery attempt.',
  ),
  TAGPHOTO_WEBHOOK_SECRET_GRACE_MS: setting(
    z.coerce
      .number()
      .int()
      .min(0)
      .default(24 * 3600_000),
    false,
    'After a webhook secret rotation, how long the old secret still signs too.',
  ),
  TAGPHOTO_WEBHOOK_DISABLE_AFTER_MS: setting(
    z.coerce
      .number()
      .int()
      .min(1)
      .default(5 * 24 * 3600_000),
    false,
    'An endpoint whose deliveries keep failing this long is disabled.',
  ),
  TAGPHOTO_WEBHOOK_SWEEP_MS: setting(
    z.coerce.number().int().min(1000).default(30_000),
    false,
    'How often due webhook retries are looked for (besides their own delayed job).',
  ),
  TAGPHOTO_WAIT_TIMEOUT_MS: setting(
    z.coerce.number().int().min(1).default(120_000),
    false,
    'Longest a wait=true request waits for its result.',
  ),
  TAGPHOTO_SESSION_DAYS: setting(z.coerce.number().int().min(1).default(30), false, 'Dashboard session lifetime.'),
  TAGPHOTO_SECURE_COOKIES: setting(
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    false,
    'Mark cookies Secure (behind HTTPS).',
  ),
  TAGPHOTO_DASHBOARD_ORIGINS: setting(
    csv.refine(
      (origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
      'each entry must be an origin such as https://dashboard.example.com',
    ),
    false,
    'Origins besides the hub itself whose pages may send state-changing requests with the session cookie (comma-separated).',
  ),
  GOOGLE_CLIENT_ID: setting(
    z.string().optional(),
    false,
    'Google OAuth client id (Google Drive connector). Unset: Google Drive is off.',
  ),
  GOOGLE_CLIENT_SECRET: setting(z.string().optional(), true, 'Google OAuth client secret.'),
  GOOGLE_REDIRECT_URL: setting(
    z.string().url().optional(),
    false,
    'Where Google sends the owner back: https://<hub>/connect/google-drive/callback.',
  ),
  GOOGLE_DRIVE_WEBHOOK_URL: setting(
    z.string().url().optional(),
    false,
    'Public HTTPS address Google posts change notifications to: https://<hub>/webhooks/google-drive.',
  ),
  GOOGLE_DRIVE_SCOPE: setting(
    z.enum(['drive', 'drive.file']).default('drive'),
    false,
    'Drive OAuth scope: drive (restricted; watches any folder) or drive.file (only files shared with the app).',
  ),
  GOOGLE_DRIVE_RENEW_EVERY_MS: setting(
    z.coerce
      .number()
      .int()
      .min(1000)
      .default(60 * 60_000),
    false,
    'How often Drive notification channels near expiry are renewed.',
  ),
  GOOGLE_DRIVE_RESYNC_MS: setting(
    z.coerce
      .number()
      .int()
      .min(1000)
      .default(6 * 60 * 60_000),
    false,
    'Safety-net re-sync: Drive connections not synced for this long are read again.',
  ),
  SHOPIFY_API_KEY: setting(
    z.string().optional(),
    false,
    'Shopify app client id (Shopify connector). Unset: Shopify is off.',
  ),
  SHOPIFY_API_SECRET: setting(
    z.string().optional(),
    true,
    'Shopify app client secret: verifies webhooks, OAuth callbacks and session tokens.',
  ),
  SHOPIFY_APP_URL: setting(
    z.string().url().optional(),
    false,
    'Public HTTPS address of the hub as the Shopify app sees it, e.g. https://tagphoto.example.com.',
  ),
  SHOPIFY_SCOPES: setting(
    z.string().default('write_products,write_files'),
    false,
    'Access scopes the Shopify app asks for (comma-separated).',
  ),
  SHOPIFY_BULK_POLL_MS: setting(
    z.coerce.number().int().min(100).default(5000),
    false,
    'How often a catalog backfill asks whether its bulk export is done, besides the bulk_operations/finish webhook.',
  ),
  SLACK_CLIENT_ID: setting(
    z.string().optional(),
    false,
    'Slack app client id (Basic Information). Unset: the Slack connector is off.',
  ),
  SLACK_CLIENT_SECRET: setting(z.string().optional(), true, 'Slack app client secret, for the "Add to Slack" install.'),
  SLACK_SIGNING_SECRET: setting(
    z.string().optional(),
    true,
    'Slack signing secret: verifies every request Slack sends.',
  ),
  SLACK_STATE_SECRET: setting(
    z.string().min(16).optional(),
    true,
    'Signs the OAuth state of a Slack install (16+ random characters).',
  ),
  TAGPHOTO_VISION_URL: setting(
    z.string().url().optional(),
    false,
    'Base URL of a vision model server you run (Ollama, llama.cpp, vLLM…) that writes captions. Unset: built-in models only.',
  ),
  TAGPHOTO_VISION_API: setting(
    z.enum(['ollama', 'openai']).default('ollama'),
    false,
    "Its wire format: Ollama's /api/chat, or the OpenAI-compatible /v1/chat/completions.",
  ),
  TAGPHOTO_VISION_MODEL: setting(z.string().min(1).optional(), false, 'Model name on that server, e.g. qwen2.5vl:7b.'),
  TAGPHOTO_VISION_API_KEY: setting(z.string().optional(), true, 'Bearer token the vision server expects, if any.'),
  TAGPHOTO_VISION_TIMEOUT_MS: setting(
    z.coerce.number().int().min(100).default(30_000),
    false,
    'Time one caption may take before the built-in caption is used.',
  ),
  TAGPHOTO_VISION_CONCURRENCY: setting(
    z.coerce.number().int().min(1).max(64).default(2),
    false,
    'Caption calls in flight at once per worker process.',
  ),
  TAGPHOTO_VISION_LONG_SIDE: setting(
    z.coerce.number().int().min(64).max(4096).default(768),
    false,
    'Longest side, in pixels, of the JPEG sent to the vision model.',
  ),
  TAGPHOTO_VISION_ALLOW_PUBLIC: setting(
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    false,
    'Allow a vision server on a public address: images then leave your network, and every owner is told so.',
  ),
  LOG_FORMAT: setting(
    z.enum(['json', 'pretty']).optional(),
    false,
    'json (one JSON object per line) or pretty (for people). Unset: pretty on a terminal, JSON otherwise.',
  ),
  LOG_LEVEL: setting(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    false,
    'Log level.',
  ),
} as const;

type Settings = typeof SETTINGS;
export type HubConfig = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends Error {}

/** Which of the named settings are unset, by name (never a value): what an operator must still set for a connector. */
export function unsetSettings(config: HubConfig, names: readonly (keyof HubConfig)[]): string[] {
  return names.filter((name) => !config[name]);
}

/** Parses the environment; throws one error listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const shape = Object.fromEntries(Object.entries(SETTINGS).map(([key, value]) => [key, value.schema]));
  const parsed = z.object(shape).safeParse(
    // An empty variable means "unset", as in most twelve-factor tooling.
    Object.fromEntries(Object.keys(SETTINGS).map((key) => [key, env[key] === '' ? undefined : env[key]])),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = parsed.data as HubConfig;
  if (config.TAGPHOTO_BLOB_STORE === 's3' && !config.TAGPHOTO_S3_BUCKET) {
    throw new ConfigError('TAGPHOTO_BLOB_STORE=s3 needs TAGPHOTO_S3_BUCKET.');
  }
  if (config.TAGPHOTO_VISION_URL && !config.TAGPHOTO_VISION_MODEL) {
    throw new ConfigError(
      'TAGPHOTO_VISION_URL needs TAGPHOTO_VISION_MODEL: the name of the model on that server, e.g. qwen2.5vl:7b.',
    );
  }
  if (config.TAGPHOTO_VISION_URL && new URL(config.TAGPHOTO_VISION_URL).password) {
    throw new ConfigError(
      'TAGPHOTO_VISION_URL must not carry credentials (they would be logged): put the token in TAGPHOTO_VISION_API_KEY.',
    );
  }
  if (config.HUB_ROLE === 'worker' && !config.REDIS_URL) {
    throw new ConfigError('HUB_ROLE=worker needs REDIS_URL: without Redis, jobs run inside the all-in-one process.');
  }
  return config;
}

/** The configuration as it may be logged: secrets replaced by whether they are set. */
export function describeConfig(config: HubConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(SETTINGS).map(([key, value]) => {
      const current = config[key as keyof HubConfig];
      return [key, value.secret ? (isUnset(current) ? 'unset' : 'set') : current];
    }),
  );
}

/** A list setting parses to [] when its variable is missing, so an empty list counts as unset too. */
function isUnset(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}
