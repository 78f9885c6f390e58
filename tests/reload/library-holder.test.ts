import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { type Library, openLibrary } from '../../src/library.ts';
import { diffArticles, LibraryHolder } from '../../src/reload/library-holder.ts';

let dataDir: string;

function articleFile(title: string, url: string, body: string): string {
  return `---\ntitle: ${title}\nurl: ${url}\npublisher: Test Wire\npublished: 2024-03-01\n---\n\n${body}\n`;
}

async function writeArticle(id: string, title: string, body: string): Promise<void> {
  await writeFile(
    join(dataDir, 'articles', `${id}.md`),
    articleFile(title, `https://wire.example/${id}`, body),
  );
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'footnote-reload-'));
  await mkdir(join(dataDir, 'articles'));
  await writeArticle(
    'rice-harvest',
    'Rice harvest',
    'Farmers in the Mekong delta reported a record rice harvest this autumn.',
  );
  return () => rm(dataDir, { recursive: true, force: true });
});

/** A deferred: lets a test decide when a rebuild finishes. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function ids(library: Library): string[] {
  return [...library.articles.keys()].sort();
}

describe('LibraryHolder', () => {
  describe('a rebuild under concurrent queries', () => {
    it('answers from the old library while rebuilding and from the new one after the swap', async () => {
      const initial = await openLibrary({ dataDir });
      const release = gate();
      let opened = 0;
      const holder = new LibraryHolder({
        initial,
        open: async () => {
          opened++;
          const next = await openLibrary({ dataDir });
          await release.promise; // Hold the finished rebuild back until the queries below have run.
          return next;
        },
      });
      await writeArticle(
        'steel-tariffs',
        'Steel tariffs',
        'The ministry announced new steel tariffs on imports from three countries.',
      );
      const reload = holder.reload('test');
      expect(holder.reloading).toBe(true);

      // Queries keep flowing while the rebuild runs; every one is answered, from the old index.
      const during = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i));
          const library = holder.current;
          return {
            library,
            rice: await answerQuestion('rice harvest in the Mekong delta', library),
            steel: await answerQuestion('steel tariffs on imports', library),
          };
        }),
      );
      for (const { library, rice, steel } of during) {
        expect(library).toBe(initial);
        expect(rice.abstained).toBe(false);
        expect(rice.results[0]?.article.id).toBe('rice-harvest');
        expect(steel.results.map((r) => r.article.id)).not.toContain('steel-tariffs');
      }

      release.open();
      const outcome = await reload;
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.added).toEqual(['steel-tariffs']);
      expect(holder.current).toBe(outcome.library);
      expect(holder.current).not.toBe(initial);
      expect(holder.reloading).toBe(false);
      const after = await answerQuestion('steel tariffs on imports', holder.current);
      expect(after.results[0]?.article.id).toBe('steel-tariffs');
      const quote = after.results[0]?.quote;
      expect(quote?.pieces.length).toBeGreaterThan(0);
      for (const piece of quote?.pieces ?? []) {
        expect(holder.current.articles.get('steel-tariffs')?.body.slice(piece.start, piece.end)).toBe(
          piece.text,
        );
      }
      expect(opened).toBe(1);
    });
  });

  describe('a failed rebuild', () => {
    it('keeps the old library and reports why', async () => {
      const initial = await openLibrary({ dataDir });
      const holder = new LibraryHolder({ initial, open: () => Promise.reject(new Error('disk on fire')) });
      const outcome = await holder.reload();
      expect(outcome).toMatchObject({ ok: false, error: 'disk on fire' });
      expect(holder.current).toBe(initial);
    });

    it('refuses to swap in an empty library unless allowed', async () => {
      const initial = await openLibrary({ dataDir });
      await rm(join(dataDir, 'articles', 'rice-harvest.md'));
      const holder = new LibraryHolder({ initial, open: () => openLibrary({ dataDir }) });
      const outcome = await holder.reload();
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error).toMatch(/no articles/);
      expect(holder.current).toBe(initial);
      const allowed = new LibraryHolder({ initial, open: () => openLibrary({ dataDir }), allowEmpty: true });
      expect((await allowed.reload()).ok).toBe(true);
      expect(allowed.current.articles.size).toBe(0);
    });

    it('still swaps when some files are bad, reporting them as problems', async () => {
      const initial = await openLibrary({ dataDir });
      await writeFile(join(dataDir, 'articles', 'broken.md'), '---\ntitle: [unclosed\n---\ntext\n');
      await writeArticle('new-one', 'New one', 'A new article about fisheries and the coast guard.');
      const holder = new LibraryHolder({ initial, open: () => openLibrary({ dataDir }) });
      const outcome = await holder.reload();
      expect(outcome.ok).toBe(true);
      if (outcome.ok) {
        expect(outcome.added).toEqual(['new-one']);
        expect(outcome.problems.map((p) => p.file)).toEqual([join(dataDir, 'articles', 'broken.md')]);
      }
    });
  });

  describe('concurrent reload requests', () => {
    it('coalesce into one follow-up rebuild that sees the latest files', async () => {
      const initial = await openLibrary({ dataDir });
      const gates = [gate(), gate()];
      let opened = 0;
      const holder = new LibraryHolder({
        initial,
        open: async () => {
          const n = opened++;
          const next = await openLibrary({ dataDir });
          await gates[n]?.promise;
          return next;
        },
      });
      const first = holder.reload('a');
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Written after the first rebuild read the folder: only a second rebuild can see it.
      await writeArticle('late-news', 'Late news', 'A late article about port congestion in Hai Phong.');
      const second = holder.reload('b');
      const third = holder.reload('c');
      expect(third).toBe(second);
      gates[0]?.open();
      gates[1]?.open();
      const [a, b] = await Promise.all([first, second]);
      expect(opened).toBe(2);
      expect(a.ok && ids(a.library)).toEqual(['rice-harvest']);
      expect(b.ok && ids(b.library)).toEqual(['late-news', 'rice-harvest']);
      expect(ids(holder.current)).toEqual(['late-news', 'rice-harvest']);
    });
  });
});

describe('diffArticles', () => {
  it('lists added, removed and changed ids', async () => {
    const before = await openLibrary({ dataDir });
    await writeArticle('rice-harvest', 'Rice harvest', 'Farmers reported a poor rice harvest this autumn.');
    await writeArticle('extra', 'Extra', 'Another article entirely.');
    const after = await openLibrary({ dataDir });
    expect(diffArticles(before.articles, after.articles)).toEqual({
      added: ['extra'],
      removed: [],
      changed: ['rice-harvest'],
    });
    expect(diffArticles(after.articles, before.articles)).toEqual({
      added: [],
      removed: ['extra'],
      changed: ['rice-harvest'],
    });
  });
});
