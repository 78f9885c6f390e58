import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_TESTS } from '../vitest.config.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** Modules whose (value) import means a test starts a child process or a local Discord. */
const E2E_ONLY = new Set([
  'node:child_process',
  'child_process',
  'src/local-discord/index.ts',
  'src/local-discord/server.ts',
  'tests/discord/harness.ts',
  'tests/local-discord/helpers.ts',
  'tests/local-discord/test-bot.ts',
  'tests/support/start-run.ts',
]);

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The repository paths (or bare names) a file imports as values; `import type` is left out. */
function valueImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/^import (?!type )[^;]*?from '([^']+)';/gms)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((spec) =>
    spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec,
  );
}

describe('the unit / end-to-end split (vitest.config.ts)', () => {
  it('lists only test files that exist', () => {
    expect(E2E_TESTS.filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
  });

  it('keeps every test that starts a process or a local Discord out of the unit tests', () => {
    const e2e = new Set(E2E_TESTS);
    const misplaced = testFiles('tests')
      .filter((file) => !e2e.has(file))
      .filter((file) => valueImports(file).some((module) => E2E_ONLY.has(module)));
    expect(misplaced).toEqual([]);
  });
});
