import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Keeps ARCHITECTURE.md true and the hub's boundaries where it says they are. Reads files only: no service needed.
 */
const ROOT = join(__dirname, '..', '..');
const HUB = join(ROOT, 'apps', 'hub', 'src');
const architecture = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'generated' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
const hubFiles = sourceFiles(HUB).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
const moduleClasses = new Set(
  hubFiles.flatMap(({ text }) => [...text.matchAll(/export class (\w+Module)\b/g)].map((match) => match[1])),
);

describe('ARCHITECTURE.md', () => {
  it('names only paths that exist', () => {
    const paths = [...architecture.matchAll(/`((?:apps|libs|tests|tools)\/[^`\s]+|[\w.-]+\.(?:md|mjs|json|js))`/g)].map(
      (match) => match[1],
    );
    expect(paths.length).toBeGreaterThan(20);
    // Templates such as `tests/<name>/` stand for a folder to create.
    expect(paths.filter((path) => !path.includes('<') && !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('names only Nest modules that exist', () => {
    const named = [...new Set([...architecture.matchAll(/`(\w+Module)`/g)].map((match) => match[1]))];
    expect(named.length).toBeGreaterThan(15);
    expect(named.filter((name) => !moduleClasses.has(name))).toEqual([]);
  });

  it('lists every Nest module of the hub in its module map', () => {
    const missing = [...moduleClasses].filter(
      (name) => !['AppModule'].includes(name) && !architecture.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });
});

describe('boundaries', () => {
  it('keeps @Global to the cross-cutting modules, each saying why', () => {
    const allowed = [
      'apps/hub/src/config/config.module.ts',
      'apps/hub/src/database/database.module.ts',
      'apps/hub/src/jobs/jobs.module.ts',
      'apps/hub/src/storage/storage.module.ts',
    ];
    const global = hubFiles.filter(({ text }) => /^@Global\(\)/m.test(text));
    expect(global.map(({ path }) => path).sort()).toEqual([...allowed].sort());
    for (const { path, text } of global)
      expect([path, /\/\/ Global[^\n]*\n@Global\(\)/.test(text)]).toEqual([path, true]);
  });

  it('uses the Prisma client only in repositories, the database folder and the two whole-account services', () => {
    const exceptions = [
      'apps/hub/src/modules/account/account-deletion.service.ts',
      'apps/hub/src/modules/account/account-export.service.ts',
    ];
    const offenders = hubFiles
      .filter(({ text }) => /\.prisma\.|\$transaction|\$queryRaw|\$executeRaw/.test(text))
      .map(({ path }) => path)
      .filter(
        (path) =>
          !path.endsWith('.repository.ts') && !path.startsWith('apps/hub/src/database/') && !exceptions.includes(path),
      );
    expect(offenders).toEqual([]);
  });

  it('has one scheduler: timers only inside the queue drivers', () => {
    // The usage buffer flushes its own process's memory: a queued job would run in whichever process takes it.
    const processLocal = ['apps/hub/src/modules/usage/usage-buffer.ts'];
    const timers = hubFiles.filter(
      ({ path, text }) =>
        /setInterval\(/.test(text) && !path.startsWith('apps/hub/src/jobs/') && !processLocal.includes(path),
    );
    expect(timers.map(({ path }) => path)).toEqual([]);
  });

  it('builds no SQL by interpolation anywhere', () => {
    expect(hubFiles.filter(({ text }) => /\$(queryRaw|executeRaw)Unsafe/.test(text)).map(({ path }) => path)).toEqual(
      [],
    );
  });

  it("never imports another feature's repository: features use each other's exported services", () => {
    // A feature is modules/<name> or connectors/<name>; files directly in connectors/ are the connectors' shared layer,
    // open to every connector, and files directly in src/ (main, operator) compose the whole hub.
    const featureOf = (path: string): string => path.split('/').slice(0, -1).slice(0, 2).join('/');
    const mayRead = (from: string, target: string): boolean =>
      featureOf(from) === '' || (featureOf(from) + '/').startsWith(featureOf(target) + '/');
    const found: string[] = [];
    for (const { path, text } of hubFiles) {
      const from = relative(HUB, join(ROOT, path));
      for (const match of text.matchAll(/from '(\.[^']+\.repository)'/g)) {
        const target = relative(HUB, join(HUB, from, '..', match[1]));
        if (mayRead(from, target)) continue;
        found.push(`${from} -> ${target}`);
      }
    }
    expect(found).toEqual([]);
  });
});
