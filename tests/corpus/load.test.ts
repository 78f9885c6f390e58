import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseArticleFile, renderArticleFile } from '../../src/corpus/frontmatter.ts';
import { loadArticles } from '../../src/corpus/load.ts';
import { LibraryLoadError, openLibrary } from '../../src/library.ts';
import { folderWith, GOOD } from './load-fixtures.ts';

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

/** A valid article file with its own URL. */
function article(slug: string): string {
  return GOOD.replace('https://example.org/good', `https://example.org/${slug}`);
}

describe('bad entries in the articles folder', () => {
  describe('reported and skipped, the rest loads', () => {
    it('a folder named x.md and a symbolic link to nothing', async () => {
      const dataDir = await folderWith({ 'good.md': article('good'), 'other.md': article('other') });
      const dir = join(dataDir, 'articles');
      await mkdir(join(dir, 'folder.md'));
      await symlink(join(dir, 'gone.md'), join(dir, 'broken.md'));
      const { articles, problems } = await loadArticles(dir);
      expect(articles.map((a) => a.id)).toEqual(['good', 'other']);
      expect(problems).toEqual([
        {
          file: join(dir, 'broken.md'),
          message: 'a symbolic link to a file that does not exist',
          detail: expect.stringContaining('ENOENT'),
        },
        { file: join(dir, 'folder.md'), message: 'a folder, not an article file' },
      ]);
    });

    it('a file that cannot be read, with the reason for the operator and the system error for the log', async () => {
      const dataDir = await folderWith({ 'good.md': article('good'), 'locked.md': article('locked') });
      const dir = join(dataDir, 'articles');
      // Reading as root ignores permissions, so the refusal is injected where the file system would give it.
      const read = async (file: string) => {
        if (file.endsWith('locked.md'))
          throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
        return readFile(file, 'utf8');
      };
      const { articles, problems } = await loadArticles(dir, { read });
      expect(articles.map((a) => a.id)).toEqual(['good']);
      expect(problems).toEqual([
        {
          file: join(dir, 'locked.md'),
          message: 'cannot be read: permission denied',
          detail: `EACCES: permission denied, open '${join(dir, 'locked.md')}'`,
        },
      ]);
    });

    it('a file that is not UTF-8 text (another encoding, UTF-16, binary), instead of loading replaced characters', async () => {
      const dataDir = await folderWith({ 'good.md': article('good'), 'bom.md': `\ufeff${article('bom')}` });
      const dir = join(dataDir, 'articles');
      await writeFile(
        join(dir, 'latin1.md'),
        Buffer.from(article('latin1').replace('First', 'Café'), 'latin1'),
      );
      await writeFile(join(dir, 'utf16.md'), Buffer.from(article('utf16'), 'utf16le'));
      await writeFile(join(dir, 'image.md'), Buffer.from([0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x10, 0x10]));
      const { articles, problems } = await loadArticles(dir);
      expect(articles.map((a) => a.id)).toEqual(['bom', 'good']);
      const encoded = 'holds bytes that are not UTF-8 (saved in another encoding?)';
      const binary = 'holds NUL bytes (a binary or UTF-16 file)';
      expect(problems).toEqual([
        { file: join(dir, 'image.md'), message: 'not UTF-8 text', detail: binary },
        { file: join(dir, 'latin1.md'), message: 'not UTF-8 text', detail: encoded },
        { file: join(dir, 'utf16.md'), message: 'not UTF-8 text', detail: binary },
      ]);
    });

    it('logs a warning with the path and reason, and lists the entry among the library problems', async () => {
      const dataDir = await folderWith({ 'good.md': article('good') });
      await mkdir(join(dataDir, 'articles', 'folder.md'));
      const lines: string[] = [];
      const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
      const library = await openLibrary({ dataDir, logger, indexFile: join(dataDir, 'index.json') });
      expect([...library.articles.keys()]).toEqual(['good']);
      expect(library.problems).toEqual([
        { file: join(dataDir, 'articles', 'folder.md'), message: 'a folder, not an article file' },
      ]);
      const warnings = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40);
      expect(warnings).toEqual([
        expect.objectContaining({
          msg: 'article file skipped',
          file: join(dataDir, 'articles', 'folder.md'),
          message: 'a folder, not an article file',
        }),
      ]);
    });
  });

  describe('the folder itself', () => {
    it('reports an articles "folder" that is a file, instead of failing', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'footnote-load-'));
      await writeFile(join(dataDir, 'articles'), article('good'));
      const { articles, problems } = await loadArticles(join(dataDir, 'articles'));
      expect(articles).toEqual([]);
      expect(problems).toEqual([
        {
          file: join(dataDir, 'articles'),
          message: 'articles folder is a file, not a folder',
          detail: expect.stringContaining('ENOTDIR'),
        },
      ]);
    });
  });

  describe('ignored', () => {
    it('hidden files and editor lock, swap, autosave and backup files, without a problem', async () => {
      const dataDir = await folderWith({
        'good.md': article('good'),
        '.hidden.md': article('hidden'),
        '.good.md.swp': 'vim swap',
        'good.md~': article('backup'),
        '#good.md#': article('autosave'),
      });
      const dir = join(dataDir, 'articles');
      // Emacs's lock file: a symbolic link whose target names the user and process, not a file.
      await symlink('root@host.1234:1700000000', join(dir, '.#good.md'));
      const { articles, problems, ignored } = await loadArticles(dir);
      expect(articles.map((a) => a.id)).toEqual(['good']);
      expect(problems).toEqual([]);
      expect(ignored).toEqual(['#good.md#', '.#good.md', '.good.md.swp', '.hidden.md', 'good.md~']);
    });
  });

  describe('many files', () => {
    it('reads at most `concurrency` files at once and loads them all', async () => {
      const files = Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [`a${i}.md`, article(`a${i}`)] as const),
      );
      const dir = join(await folderWith(files), 'articles');
      let open = 0;
      let mostOpen = 0;
      const read = async (file: string) => {
        open++;
        mostOpen = Math.max(mostOpen, open);
        try {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return await readFile(file, 'utf8');
        } finally {
          open--;
        }
      };
      const { articles, problems } = await loadArticles(dir, { read, concurrency: 16 });
      expect(articles).toHaveLength(300);
      expect(problems).toEqual([]);
      expect(mostOpen).toBe(16);
    });

    it('retries a read refused for too many open files, losing no article', async () => {
      const dir = join(await folderWith({ 'a.md': article('a'), 'b.md': article('b') }), 'articles');
      let refusals = 0;
      const read = async (file: string) => {
        if (file.endsWith('b.md') && refusals < 2) {
          refusals++;
          throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
        }
        return readFile(file, 'utf8');
      };
      const { articles, problems } = await loadArticles(dir, { read });
      expect(articles.map((a) => a.id)).toEqual(['a', 'b']);
      expect(problems).toEqual([]);
      expect(refusals).toBe(2);
    });
  });
});
