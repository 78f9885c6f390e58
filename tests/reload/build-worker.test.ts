import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderArticleFile } from '../../src/corpus/frontmatter.ts';
import { LibraryBuilder } from '../../src/library/build-client.ts';
import { type Library, LibraryLoadError, openLibrary } from '../../src/library.ts';
import { analyzeQuery } from '../../src/search/passage-search.ts';
import { buildTimeline } from '../../src/timeline/extract.ts';
import { type TestArticle, writeLibrary } from '../support/library-files.ts';

/** Short lines, more than one message's worth of passages. */
const register = Array.from(
  { length: 12_000 },
  (_, i) => `Item ${i} was listed on ${(i % 28) + 1} March.`,
).join('\n');

const ARTICLES: TestArticle[] = [
  {
    id: 'harvest',
    title: 'Harvest',
    body: 'Farmers reported a record rice harvest in the delta in October 2023.\n\nPrices fell.',
  },
  {
    id: 'dams',
    title: 'Dams',
    body: 'The dam was finished in March 2020. It opened on 5 April 2021. The Mekong River Commission approved it, and the Mekong River Commission watches it.',
  },
  { id: 'register', title: 'Register', body: `The register opened in 1998.\n\n${register}` },
];

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function dataFolder(articles = ARTICLES): Promise<string> {
  const dir = await writeLibrary(articles);
  dirs.push(dir);
  return dir;
}

async function writeArticle(dataDir: string, id: string, body: string): Promise<void> {
  await writeFile(
    join(dataDir, 'articles', `${id}.md`),
    renderArticleFile(
      { title: id, url: `https://example.org/${id}`, publisher: 'Example Press', published: '2024-01-15' },
      body,
    ),
  );
}

describe('building a library off the event loop', () => {
  describe("openLibrary({ searchIn: 'worker' })", () => {
    const opened: Library[] = [];
    afterEach(async () => {
      for (const library of opened.splice(0)) void library.index.close();
    });

    it('builds the library this thread builds, with its timeline computed', async () => {
      const dataDir = await dataFolder();
      await writeFile(join(dataDir, 'articles', 'broken.md'), 'no front matter');
      const here = await openLibrary({ dataDir, indexFile: join(dataDir, 'here.json') });
      const there = await openLibrary({
        dataDir,
        indexFile: join(dataDir, 'there.json'),
        searchIn: 'worker',
      });
      opened.push(there);

      expect([...there.articles]).toEqual([...here.articles]);
      expect([...there.passages]).toEqual([...here.passages]);
      expect([...there.passagesByArticle]).toEqual([...here.passagesByArticle]);
      expect(there.passages.size).toBeGreaterThan(500);
      expect(there.problems).toEqual(here.problems);
      expect(there.stats.passages).toBe(here.stats.passages);
      for (const passage of there.passages.values()) {
        expect(there.articles.get(passage.articleId)?.body.slice(passage.start, passage.end)).toBe(
          passage.text,
        );
      }

      expect(there.timeline.ready).toBe(true);
      expect(here.timeline.ready).toBe(false);
      expect(there.timeline.facts).toEqual(buildTimeline(here));
      expect(there.timeline.facts.map((fact) => fact.date).slice(0, 3)).toEqual([
        '1998',
        '2020-03',
        '2021-04-05',
      ]);

      // The acronyms are read in the worker: the same table as this thread reads.
      expect(there.acronyms.toJSON()).toEqual(here.acronyms.toJSON());
      expect(there.acronyms.expand('MRC')).toBe('Mekong River Commission');
      // So are the titles' words: the same counts as this thread's.
      expect(there.titleWords.toJSON()).toEqual(here.titleWords.toJSON());
      expect(there.titleWords.titles).toBe(there.articles.size);

      const terms = analyzeQuery('rice harvest', there.index.options);
      const { hits } = await there.index.searchTerms(terms);
      expect(hits[0]?.passageId).toBe('harvest#1');
    }, 60_000);

    it('refuses bad files in strict mode, and builds again afterwards', async () => {
      const dataDir = await dataFolder(ARTICLES.slice(0, 2));
      await writeFile(join(dataDir, 'articles', 'broken.md'), 'no front matter');
      await expect(openLibrary({ dataDir, strict: true, searchIn: 'worker' })).rejects.toBeInstanceOf(
        LibraryLoadError,
      );
      const library = await openLibrary({ dataDir, searchIn: 'worker' });
      opened.push(library);
      expect([...library.articles.keys()].sort()).toEqual(['dams', 'harvest']);
    }, 60_000);
  });

  describe('LibraryBuilder', () => {
    let builder: LibraryBuilder;
    beforeEach(() => {
      builder = new LibraryBuilder();
    });
    afterEach(() => builder.close());

    it('runs builds asked at once one after another, each with its own folder', async () => {
      const one = await dataFolder(ARTICLES.slice(0, 1));
      const two = await dataFolder(ARTICLES.slice(1, 2));
      const first = builder.build(join(one, 'articles'));
      const second = builder.build(join(two, 'articles'));
      const [a, b] = await Promise.all([first.contents, second.contents]);
      expect(a.articles.map((article) => article.id)).toEqual(['harvest']);
      expect(b.articles.map((article) => article.id)).toEqual(['dams']);
      expect((await first.timeline).facts.map((fact) => fact.date)).toEqual(['2023-10']);
      expect((await second.timeline).facts.map((fact) => fact.date)).toEqual(['2020-03', '2021-04-05']);
    }, 60_000);

    it('keeps the facts of unchanged articles from one build to the next', async () => {
      const dataDir = await dataFolder(ARTICLES.slice(0, 2));
      const articlesDir = join(dataDir, 'articles');
      expect((await builder.build(articlesDir).timeline).extracted).toBe(2);
      expect((await builder.build(articlesDir).timeline).extracted).toBe(0);
      await writeArticle(dataDir, 'dams', 'The dam was finished in May 2019.');
      const { facts, extracted } = await builder.build(articlesDir).timeline;
      expect(extracted).toBe(1);
      expect(facts.map((fact) => fact.date)).toEqual(['2019-05', '2023-10']);
    }, 60_000);

    it('gives up a build stopped before its turn, and runs the next', async () => {
      const dataDir = await dataFolder(ARTICLES.slice(0, 2));
      const stopped = builder.build(join(dataDir, 'articles'));
      stopped.stop();
      await expect(stopped.contents).rejects.toThrow(/stopped/u);
      await expect(stopped.timeline).rejects.toThrow(/stopped/u);
      expect((await builder.build(join(dataDir, 'articles')).timeline).extracted).toBe(2);
    }, 60_000);

    it('ends the worker of a build stopped midway, and builds the next in a fresh one', async () => {
      const dataDir = await dataFolder(ARTICLES.slice(0, 2));
      const articlesDir = join(dataDir, 'articles');
      await builder.build(articlesDir).timeline;
      const stopped = builder.build(articlesDir);
      await stopped.contents;
      stopped.stop();
      await expect(stopped.timeline).rejects.toThrow(/stopped/u);
      // A fresh worker has no facts kept from before.
      expect((await builder.build(articlesDir).timeline).extracted).toBe(2);
    }, 60_000);
  });
});
