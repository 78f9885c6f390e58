import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticleFile, renderArticleFile } from '../../src/corpus/frontmatter.ts';
import { loadArticles } from '../../src/corpus/load.ts';
import { LibraryLoadError, openLibrary } from '../../src/library.ts';

const GOOD = `---
title: A good article
url: https://example.org/good
publisher: Example Press
published: 2024-03-01
tags: [one, two]
---

First paragraph.

Second paragraph.
`;

async function folderWith(files: Record<string, string>): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'footnote-load-'));
  await mkdir(join(dataDir, 'articles'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dataDir, 'articles', name), text);
  return dataDir;
}

describe('article files', () => {
  describe('parsing', () => {
    it('separates front matter from a body kept exactly as written', () => {
      const parts = parseArticleFile(GOOD);
      expect(parts.frontMatter).toMatchObject({ title: 'A good article', published: '2024-03-01' });
      expect(parts.body).toBe('First paragraph.\n\nSecond paragraph.');
    });

    it('round-trips through renderArticleFile', () => {
      const body = 'He said “hello” — and left.\n\nA second “paragraph”: with: colons.';
      const text = renderArticleFile(
        { title: 'Quotes: "and" colons', url: 'https://x.org/a', published: '2024-01-01' },
        body,
      );
      const parts = parseArticleFile(text);
      expect(parts.body).toBe(body);
      expect(parts.frontMatter?.title).toBe('Quotes: "and" colons');
    });
  });

  describe('validation', () => {
    it('loads good files and reports each bad one with its file, field and what was expected', async () => {
      const dir = await folderWith({
        'good.md': GOOD,
        'bad-date.md': GOOD.replace('2024-03-01', 'March 1st').replace('/good', '/bad-date'),
        'no-url.md': GOOD.replace('url: https://example.org/good\n', ''),
        'not-yaml.md': '---\ntitle: [unclosed\n---\nBody',
        'no-front-matter.md': 'Just text.',
        'empty-body.md': GOOD.replace(/---\n\n[\s\S]*$/u, '---\n').replace('/good', '/empty'),
      });
      const { articles, problems } = await loadArticles(join(dir, 'articles'));
      expect(articles.map((article) => article.id)).toEqual(['good']);
      const byFile = (name: string) => problems.filter((problem) => problem.file.endsWith(name));
      expect(byFile('bad-date.md')).toEqual([
        expect.objectContaining({ field: 'published', message: expect.stringContaining('YYYY-MM-DD') }),
      ]);
      expect(byFile('no-url.md')).toEqual([
        expect.objectContaining({ field: 'url', message: 'required field is missing' }),
      ]);
      expect(byFile('not-yaml.md')[0]?.message).toMatch(/not valid YAML/u);
      expect(byFile('no-front-matter.md')[0]?.message).toMatch(/missing front matter/u);
      expect(byFile('empty-body.md')[0]).toMatchObject({ field: 'body' });
    });

    it('rejects impossible dates and non-http URLs', async () => {
      const dir = await folderWith({
        'feb.md': GOOD.replace('2024-03-01', '2023-02-30'),
        'ftp.md': GOOD.replace('https://example.org/good', 'ftp://example.org/x'),
      });
      const { articles, problems } = await loadArticles(join(dir, 'articles'));
      expect(articles).toEqual([]);
      expect(problems.map((problem) => problem.field).sort()).toEqual(['published', 'url']);
    });

    it('reports a duplicate URL and keeps the first article', async () => {
      const dir = await folderWith({
        'a.md': GOOD,
        'b.md': GOOD.replace('example.org/good', 'example.org/good/'),
      });
      const { articles, problems } = await loadArticles(join(dir, 'articles'));
      expect(articles.map((article) => article.id)).toEqual(['a']);
      expect(problems).toEqual([
        expect.objectContaining({ field: 'url', message: expect.stringMatching(/duplicate URL/u) }),
      ]);
    });

    it('rejects file names that are not slugs', async () => {
      const dir = await folderWith({ 'Bad Name.md': GOOD });
      const { problems } = await loadArticles(join(dir, 'articles'));
      expect(problems[0]?.message).toMatch(/slug/u);
    });

    it('skips bad files by default and fails in strict mode', async () => {
      const dir = await folderWith({ 'good.md': GOOD, 'bad.md': 'no front matter' });
      const library = await openLibrary({ dataDir: dir });
      expect(library.articles.size).toBe(1);
      expect(library.problems).toHaveLength(1);
      await expect(openLibrary({ dataDir: dir, strict: true })).rejects.toBeInstanceOf(LibraryLoadError);
    });
  });
});
