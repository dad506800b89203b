import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_MAP } from './policy-map';

const ROOT = join(__dirname, '..', '..', '..');

describe('the policy map', () => {
  it('covers every numbered section of the published policy', () => {
    const sections = new Set(POLICY_MAP.map((row) => row.section));
    expect([...sections].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it.each(POLICY_MAP.map((row) => [row.section, row.promise, row] as const))(
    '§%s "%s" names code that exists',
    (_, __, row) => {
      for (const file of row.enforcedBy) expect(existsSync(join(ROOT, file)) ? file : `missing: ${file}`).toBe(file);
    },
  );

  it.each(POLICY_MAP.map((row) => [row.section, row.promise, row] as const))(
    '§%s "%s" names tests that exist',
    (_, __, row) => {
      for (const { file, test } of row.provenBy) {
        const source = readFileSync(join(ROOT, file), 'utf8');
        const quoted = [`'${test.replace(/'/g, "\\'")}'`, `"${test}"`, `\`${test}\``];
        expect(quoted.some((form) => source.includes(form)) ? test : `no test "${test}" in ${file}`).toBe(test);
      }
    },
  );

  it('says what the operator must do wherever no test can prove the promise', () => {
    for (const row of POLICY_MAP.filter((candidate) => candidate.provenBy.length === 0)) {
      expect(row.operator?.length ?? 0).toBeGreaterThan(20);
    }
  });
});
