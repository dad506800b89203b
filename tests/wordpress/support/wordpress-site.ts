import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { freePort } from '../../../tools/support/free-port';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

/** Debian's `wordpress` package installs here. */
export const WORDPRESS_DIR = process.env.TAGPHOTO_WORDPRESS_DIR ?? '/usr/share/wordpress';
export const PLUGIN_DIR = resolve(__dirname, '..', '..', '..', 'apps', 'wordpress-plugin', 'tagphoto');
/** Stand-ins for WooCommerce, Yoast SEO, Rank Math, WPML, Polylang and Action Scheduler (see the file). */
export const PLUGIN_STUBS = join(__dirname, 'plugin-stubs.php');
/** A site's own use of TagPhoto's hooks (see the file). */
export const SITE_HOOKS = join(__dirname, 'site-hooks.php');
const BOOTSTRAP = join(__dirname, 'bootstrap.php');
const ROUTER = join(__dirname, 'router.php');

export class WordPressSetupError extends Error {
  override readonly name = 'WordPressSetupError';
}

export interface WordPressSiteOptions {
  /** Link the plugin's source folder in and activate it (default), or leave it out so a test installs the built zip. */
  plugin?: 'linked' | 'none';
  /** Must-use plugins (PHP files) to load on every request, e.g. stand-ins for plugins that cannot be installed here. */
  muPlugins?: string[];
}

export interface WordPressSite {
  url: string;
  /** The administrator's login, for signing in to wp-admin in a browser. */
  admin: { user: string; password: string };
  /** Basic auth with the admin's application password, for the REST API. */
  authorization: string;
  database: string;
  /** A REST call as the admin; `path` starts with /wp-json/. */
  rest(path: string, init?: RequestInit): Promise<Response>;
  /** Runs due WP-Cron events, as a system cron hitting wp-cron.php would. */
  runCron(): Promise<void>;
  configure(input: {
    apiKey?: string;
    callbackSecret?: string;
    settings?: Record<string, unknown>;
  }): Promise<Record<string, unknown>>;
  /** Adds images to the media library from the server side, as if they had been uploaded before the plugin was set up. */
  importImages(files: string[]): Promise<number[]>;
  /** The HTML of the extra fields WordPress renders for an attachment in the media modal and the media item. */
  mediaFields(id: number): Promise<string>;
  /** Runs `wp tagphoto <subcommand>` (under a stand-in for WP-CLI, which Debian does not package); returns what it printed. */
  cli(subcommand: string, ...args: string[]): Promise<string[]>;
  /** The HTML of the plugin's settings or backfill screen, rendered for the admin. */
  adminPage(page: 'settings' | 'backfill'): Promise<string>;
  /** Makes a recurring WP-Cron event due now, as if its interval had passed. */
  makeDue(hook: string): Promise<void>;
  /** The API key and callback secret the plugin has stored (read on the server, never shown by the plugin). */
  credentials(): Promise<{ apiKey: string; callbackSecret: string; hubUrl: string }>;
  setOption(name: string, value: unknown): Promise<void>;
  option<T>(name: string): Promise<T | null>;
  /** Sets one post meta value, as another plugin (Yoast SEO, Rank Math, a translation plugin) would. */
  setPostMeta(id: number, key: string, value: string): Promise<void>;
  /** Runs what the Action Scheduler stand-in has due; returns the hooks it ran. */
  runActions(): Promise<string[]>;
  /** What of the plugin is left in the database: option names, attachment meta keys, WP-Cron hooks. */
  leftovers(): Promise<{ options: string[]; attachmentMeta: string[]; cron: string[] }>;
  /** PHP notices, warnings and errors WordPress logged (WP_DEBUG_LOG). */
  debugLog(): Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

function php(args: string[], stdin?: string): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      'php',
      [BOOTSTRAP, ...args],
      { maxBuffer: 1 << 20, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new WordPressSetupError(`php bootstrap.php ${args[0]} failed: ${stderr || error.message}`));
          return;
        }
        const last = stdout.trim().split('\n').pop() ?? '';
        try {
          resolvePromise(JSON.parse(last));
        } catch {
          reject(new WordPressSetupError(`php bootstrap.php ${args[0]} printed no JSON: ${stdout}${stderr}`));
        }
      },
    );
    child.stdin!.end(stdin ?? '');
  });
}

/**
 * Hard links are instant and the site never writes core files; a copy when linking is impossible. Debian links some
 * bundled libraries (underscore.js, getID3, …) to its own packages with relative paths, which would dangle in the copy:
 * they are pointed at their real files.
 */
async function copyWordPress(target: string): Promise<void> {
  const linked = await new Promise<boolean>((done) =>
    execFile('cp', ['-al', WORDPRESS_DIR, target], (error) => done(!error)),
  );
  if (!linked) {
    await rm(target, { recursive: true, force: true });
    await cp(WORDPRESS_DIR, target, { recursive: true, verbatimSymlinks: true });
  }
  const links = await new Promise<string[]>((done, fail) =>
    execFile('find', ['.', '-type', 'l'], { cwd: WORDPRESS_DIR, maxBuffer: 1 << 22 }, (error, stdout) =>
      error ? fail(error) : done(stdout.split('\n').filter(Boolean)),
    ),
  );
  for (const link of links) {
    const real = await realpath(join(WORDPRESS_DIR, link)).catch(() => undefined);
    if (!real) continue;
    await unlink(join(target, link));
    await symlink(real, join(target, link));
  }
}

function wpConfig(database: string, url: string, fileMods: boolean): string {
  const salt = () => randomBytes(32).toString('hex');
  const keys = [
    'AUTH_KEY',
    'SECURE_AUTH_KEY',
    'LOGGED_IN_KEY',
    'NONCE_KEY',
    'AUTH_SALT',
    'SECURE_AUTH_SALT',
    'LOGGED_IN_SALT',
    'NONCE_SALT',
  ];
  return `<?php
define( 'DB_NAME', '${database}' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '127.0.0.1:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
${keys.map((key) => `define( '${key}', '${salt()}' );`).join('\n')}
$table_prefix = 'wp_';
define( 'WP_HOME', '${url}' );
define( 'WP_SITEURL', '${url}' );
// Application passwords over plain http need a local environment.
define( 'WP_ENVIRONMENT_TYPE', 'local' );
// The test drives wp-cron.php itself, like a system cron, instead of WordPress's loopback spawn.
define( 'DISABLE_WP_CRON', true );
${fileMods ? "// Plugins may be installed from an uploaded zip, straight to disk.\ndefine( 'FS_METHOD', 'direct' );" : "define( 'DISALLOW_FILE_MODS', true );"}
define( 'AUTOMATIC_UPDATER_DISABLED', true );
// Only this machine: WordPress's update checks must not try to reach wordpress.org.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', __DIR__ . '/wp-content/debug.log' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`;
}

/** Stops `php -S` and its workers: the workers are its children in the process group it leads. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const forced = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, 5000);
  return exited.finally(() => clearTimeout(forced));
}

/** A throwaway WordPress (Debian's package) on its own MariaDB database and port, with the TagPhoto plugin active. */
export async function startWordPress(options: WordPressSiteOptions = {}, timeoutMs = 60_000): Promise<WordPressSite> {
  const linked = (options.plugin ?? 'linked') === 'linked';
  const root = await mkdtemp(join(tmpdir(), 'tagphoto-wp-'));
  const docroot = join(root, 'wordpress');
  const database = `tagphoto_wp_${process.pid}_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  let output = '';
  let databaseCreated = false;
  const cleanup = async () => {
    try {
      if (server) await stopServer(server);
    } finally {
      try {
        if (databaseCreated) await php(['drop-db', database]);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }
  };
  try {
    await copyWordPress(docroot);
    await unlink(join(docroot, 'wp-config.php'));
    await writeFile(join(docroot, 'wp-config.php'), wpConfig(database, url, !linked));
    await mkdir(join(docroot, 'wp-content', 'uploads'), { recursive: true });
    if (linked) await symlink(PLUGIN_DIR, join(docroot, 'wp-content', 'plugins', 'tagphoto'));
    if (options.muPlugins?.length) {
      await mkdir(join(docroot, 'wp-content', 'mu-plugins'), { recursive: true });
      for (const file of options.muPlugins)
        await symlink(file, join(docroot, 'wp-content', 'mu-plugins', basename(file)));
    }
    await php(['create-db', database]);
    databaseCreated = true;
    const installed = (await php(['install', docroot, url, linked ? 'activate' : 'no-plugin'])) as {
      user: string;
      password: string;
      applicationPassword: string;
    };
    server = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', docroot, ROUTER], {
      env: { PATH: process.env.PATH ?? '', PHP_CLI_SERVER_WORKERS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (server.exitCode !== null) throw new WordPressSetupError(`php -S exited with ${server.exitCode}:\n${output}`);
      const ready = await fetch(`${url}/wp-json/`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline)
        throw new WordPressSetupError(`WordPress did not answer within ${timeoutMs} ms:\n${output}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    const authorization = `Basic ${Buffer.from(`${installed.user}:${installed.applicationPassword}`).toString('base64')}`;
    return {
      url,
      admin: { user: installed.user, password: installed.password },
      authorization,
      database,
      rest: (path, init = {}) =>
        fetch(`${url}${path}`, { ...init, headers: { Authorization: authorization, ...(init.headers ?? {}) } }),
      runCron: async () => {
        const response = await fetch(`${url}/wp-cron.php`);
        await response.arrayBuffer();
      },
      configure: async (input) =>
        (await php(['configure', docroot, url], JSON.stringify(input))) as Record<string, unknown>,
      importImages: async (files) => ((await php(['import', docroot, url, ...files])) as { ids: number[] }).ids,
      mediaFields: async (id) => ((await php(['media-fields', docroot, url, String(id)])) as { html: string }).html,
      cli: async (subcommand, ...args) =>
        ((await php(['cli', docroot, url, subcommand, ...args])) as { lines: string[] }).lines,
      adminPage: async (page) => ((await php(['admin-page', docroot, url, page])) as { html: string }).html,
      makeDue: async (hook) => {
        await php(['make-due', docroot, url, hook]);
      },
      credentials: async () =>
        (await php(['credentials', docroot, url])) as { apiKey: string; callbackSecret: string; hubUrl: string },
      setOption: async (name, value) => {
        await php(['set-option', docroot, url, name], JSON.stringify(value));
      },
      option: async <T>(name: string) => ((await php(['option', docroot, url, name])) as { value: T | null }).value,
      setPostMeta: async (id, key, value) => {
        await php(['post-meta', docroot, url, String(id), key, value]);
      },
      runActions: async () => ((await php(['run-actions', docroot, url])) as { ran: string[] }).ran,
      leftovers: async () =>
        (await php(['leftovers', docroot, url])) as { options: string[]; attachmentMeta: string[]; cron: string[] },
      debugLog: () => readFile(join(docroot, 'wp-content', 'debug.log'), 'utf8').catch(() => ''),
      output: () => output,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}
