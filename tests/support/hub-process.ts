import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../tools/support/free-port';
import { MODEL_DIR, REPO_ROOT } from './hub';
import { childNodeOptions } from './loopback-only';

export { freePort };

export interface HubProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Sends the signal and resolves once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * A new account's session cookie on a hub process: sign-up answers alike for new and taken emails and starts no
 * session, so signing in is the second step, as in the dashboard.
 */
export async function signUpAndSignIn(
  url: string,
  email: string,
  password = 'a long enough password',
): Promise<string> {
  const credentials = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  };
  const signup = await fetch(`${url}/v1/auth/signup`, credentials);
  if (!signup.ok) throw new Error(`sign-up answered ${signup.status}: ${await signup.text()}`);
  const login = await fetch(`${url}/v1/auth/login`, credentials);
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
  return login.headers.getSetCookie()[0].split(';')[0];
}

/** A new API key of the signed-in account (`cookie`) on a hub process. */
export async function createApiKey(url: string, cookie: string, name: string): Promise<{ key: string; id: string }> {
  const created = await fetch(`${url}/v1/api-keys`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (created.status !== 201)
    throw new Error(`creating an API key answered ${created.status}: ${await created.text()}`);
  return (await created.json()) as { key: string; id: string };
}

/**
 * The environment of server-mode hub processes a suite kills on purpose: its own queue prefix and master key, and
 * short job locks, recovery sweeps and back-offs, so work a killed worker held is taken up again within seconds.
 */
export function killableHubEnv(options: {
  databaseUrl: string;
  redisUrl: string;
  dataDir: string;
  queuePrefix: string;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    TAGPHOTO_QUEUE_PREFIX: `${options.queuePrefix}-${randomBytes(4).toString('hex')}`,
    TAGPHOTO_DATA_DIR: options.dataDir,
    TAGPHOTO_MASTER_KEY: randomBytes(32).toString('base64'),
    TAGPHOTO_MODEL_DIR: MODEL_DIR,
    TAGPHOTO_JOB_LOCK_MS: '2000',
    TAGPHOTO_RECOVERY_INTERVAL_MS: '1000',
    TAGPHOTO_JOB_BACKOFF_MS: '200',
    TAGPHOTO_RATE_LIMIT_API: '1000000',
    TAGPHOTO_ENGINE_THREADS: '1',
  };
}

/**
 * Starts the built hub (apps/hub/dist/main.js) as its own process and waits until /health answers 200 (a
 * HUB_ROLE=worker process has no HTTP: until it logs its start). `port` pins the port, e.g. for a restart.
 */
export async function startHubProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
  port?: number,
): Promise<HubProcess> {
  port ??= await freePort();
  const worker = env.HUB_ROLE === 'worker';
  const child = spawn(process.execPath, [join(REPO_ROOT, 'apps', 'hub', 'dist', 'main.js')], {
    cwd: REPO_ROOT,
    // NODE_OPTIONS carries the loopback-only guard (tests/support/loopback-only.js) into the hub.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_OPTIONS: childNodeOptions(),
      ...(worker && { LOG_LEVEL: 'info' }),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode} during start:\n${output}`);
    const healthy = worker
      ? /worker started/.test(output)
      : await fetch(`${url}/health`).then(
          (response) => response.ok,
          () => false,
        );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hub did not become healthy within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
