import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArticleWatcher, isArticleFileName, watchArticles } from '../../src/reload/watch.ts';

let dir: string;
let watcher: ArticleWatcher | undefined;

afterEach(async () => {
  watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

function nextChange(): Promise<readonly string[]> {
  return new Promise((resolve) => {
    watcher = watchArticles(dir, resolve, { debounceMs: 50 });
  });
}

describe('watchArticles', () => {
  it('reports article files written in the folder, once per burst', async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'footnote-watch-')), 'articles');
    const calls: (readonly string[])[] = [];
    watcher = watchArticles(dir, (files) => calls.push(files), { debounceMs: 80 });
    await writeFile(join(dir, 'a.md'), 'one');
    await writeFile(join(dir, 'b.md'), 'two');
    await writeFile(join(dir, 'a.md'), 'one again');
    await expect.poll(() => calls.length, { timeout: 3000 }).toBe(1);
    expect(calls[0]).toEqual(['a.md', 'b.md']);
  });

  it('sees an atomic write (temp file renamed into place) as the article file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'footnote-watch-'));
    const change = nextChange();
    await writeFile(join(dir, '.c.123.tmp'), 'draft');
    await rename(join(dir, '.c.123.tmp'), join(dir, 'c.md'));
    expect(await change).toEqual(['c.md']);
  });
});

describe('isArticleFileName', () => {
  it('accepts article files and ignores temporary and dot files', () => {
    expect(isArticleFileName('x.md')).toBe(true);
    expect(isArticleFileName(null)).toBe(true);
    expect(isArticleFileName('.x.abc.tmp')).toBe(false);
    expect(isArticleFileName('.x.md')).toBe(false);
    expect(isArticleFileName('x.md.swp')).toBe(false);
  });
});
