import { beforeAll, describe, expect, it } from 'vitest';
import { citeCommand } from '../../src/cli/cite.ts';
import { CLI_COMMANDS } from '../../src/cli/registry.ts';
import type { Library } from '../../src/library.ts';
import { seedLibrary } from '../cite/fixtures.ts';
import { runCliCommand } from '../support/cli-run.ts';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

function run(text: string, json: boolean) {
  return runCliCommand(citeCommand, library, { positionals: [text], json });
}

describe('cli cite', () => {
  it('is registered', () => {
    expect(CLI_COMMANDS).toContain(citeCommand);
  });

  it('prints exactly the documented JSON shape, best first', async () => {
    const { code, out } = await run(
      '"Political opposition is not allowed" and "It rains in Beijing, Hanoi holds up an umbrela"',
      true,
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['matches']);
    expect(parsed.matches.map((m: { kind: string }) => m.kind)).toEqual(['verbatim', 'close']);
    const first = parsed.matches[0];
    expect(Object.keys(first)).toEqual(['kind', 'similarity', 'span', 'passage', 'article']);
    expect(first).toEqual({
      kind: 'verbatim',
      similarity: 1,
      span: {
        start: expect.any(Number),
        end: expect.any(Number),
        text: 'Political opposition is not allowed',
      },
      passage: { id: 'hostile-forces#2', paragraph: 2 },
      article: {
        id: 'hostile-forces',
        title: 'Communist Party document that was leaked alerts Vietnam to “hostile forces”',
        url: 'https://www.chokhleipar.info/2024/03/01/communist-party-document-that-was-leaked-alerts-vietnam-to-hostile-forces/',
        published: '2024-03-01',
      },
    });
    const body = library.articles.get('hostile-forces')?.body ?? '';
    expect(body.slice(first.span.start, first.span.end)).toBe(first.span.text);
    expect(parsed.matches[1].similarity).toBeGreaterThan(0.9);
    expect(parsed.matches[1].similarity).toBeLessThan(1);
  });

  it('prints an empty list when nothing is found', async () => {
    const { out } = await run('The moon is made of green cheese and everyone knows it', true);
    expect(JSON.parse(out)).toEqual({ matches: [] });
  });

  it('prints a readable report without --json', async () => {
    const { out } = await run(
      '"Political opposition is not allowed" and "the moon is made of cheese"',
      false,
    );
    expect(out).toContain('Verbatim match · similarity 1.00');
    expect(out).toContain('“Political opposition is not allowed”');
    expect(out).toContain('Not found in the library.');
  });

  it('asks for more words when there is nothing to look up', async () => {
    const { code, err } = await run('hello', false);
    expect(code).toBe(0);
    expect(err).toContain('at least 3 words');
  });
});
