import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type BuiltTimeline, LibraryBuilder } from '../../src/library/build-client.ts';
import { readLibraryContents } from '../../src/library/contents.ts';
import { defaultFactsFile } from '../../src/library.ts';
import { buildTimeline } from '../../src/timeline/extract.ts';
import {
  extractorFingerprint,
  readFactCacheFile,
  writeFactCacheFile,
} from '../../src/timeline/fact-cache-file.ts';
import { type TestArticle, writeArticle, writeLibrary } from '../support/library-files.ts';

const ARTICLES: TestArticle[] = [
  { id: 'harvest', title: 'Harvest', body: 'Farmers reported a record rice harvest in October 2023.' },
  { id: 'dams', title: 'Dams', body: 'The dam was finished in March 2020. It opened on 5 April 2021.' },
  { id: 'port', title: 'Port', body: 'The port reopened on 12 June 2019 after the storm.' },
];

const dirs: string[] = [];
const builders: LibraryBuilder[] = [];
afterEach(async () => {
  for (const builder of builders.splice(0)) await builder.close();
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function dataFolder(): Promise<string> {
  const dir = await writeLibrary(ARTICLES);
  dirs.push(dir);
  return dir;
}

/** A build in a fresh worker: what a new process (the next start, another shard) does. */
async function buildFresh(dataDir: string, factsFile = defaultFactsFile(dataDir)): Promise<BuiltTimeline> {
  const builder = new LibraryBuilder();
  builders.push(builder);
  const build = builder.build(join(dataDir, 'articles'), factsFile);
  await build.contents;
  return build.timeline;
}

const idsOf = (timeline: BuiltTimeline) => timeline.facts.map((fact) => fact.id);

describe('the timeline kept on disk between runs', () => {
  it('a new process reads the saved facts instead of extracting them again, and gets the same timeline', async () => {
    const dataDir = await dataFolder();
    const first = await buildFresh(dataDir);
    expect(first).toMatchObject({ extracted: 3, saved: 'missing' });
    expect(first.facts.length).toBeGreaterThanOrEqual(4);

    const second = await buildFresh(dataDir);
    expect(second).toMatchObject({ extracted: 0, saved: 'loaded' });
    expect(second.facts).toEqual(first.facts);
    expect(second.keys).toEqual(first.keys);
  });

  it('extracts only the article that changed, and drops a removed one from the file', async () => {
    const dataDir = await dataFolder();
    await buildFresh(dataDir);
    await writeArticle(dataDir, { id: 'port', title: 'Port', body: 'The port closed on 3 May 2022.' });
    await rm(join(dataDir, 'articles', 'harvest.md'));

    const changed = await buildFresh(dataDir);
    expect(changed).toMatchObject({ extracted: 1, saved: 'loaded' });
    expect(idsOf(changed)).toContain('port@2022-05-03');
    expect(idsOf(changed).some((id) => id.startsWith('harvest@'))).toBe(false);

    const saved = await readFactCacheFile(defaultFactsFile(dataDir));
    expect(saved.entries.map((entry) => entry.articleId).sort()).toEqual(['dams', 'port']);
    // What was read back is what a build from nothing gives.
    const fromNothing = await buildFresh(dataDir, join(dataDir, 'cache', 'elsewhere.json'));
    expect(fromNothing.extracted).toBe(2);
    expect(changed.facts).toEqual(fromNothing.facts);
  });

  it('a damaged file is not used: the facts are extracted again and the file written whole', async () => {
    const dataDir = await dataFolder();
    const file = defaultFactsFile(dataDir);
    const good = await buildFresh(dataDir);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.length / 2));

    const rebuilt = await buildFresh(dataDir);
    expect(rebuilt).toMatchObject({ extracted: 3, saved: 'unreadable' });
    expect(rebuilt.facts).toEqual(good.facts);
    expect((await readFactCacheFile(file)).status).toBe('loaded');
  });

  it('facts saved by other extraction code are not used (the code is part of what they depend on)', async () => {
    const dataDir = await dataFolder();
    const file = defaultFactsFile(dataDir);
    await buildFresh(dataDir);
    const saved = await readFactCacheFile(file);
    // The same entries with every fact's sentence changed, as if an older extractor had cut them differently.
    const older = saved.entries.map((entry) => ({
      ...entry,
      facts: entry.facts.map((fact) => ({ ...fact, sentence: 'older' })),
    }));
    await writeFactCacheFile(file, older, 'an older extractor');

    const rebuilt = await buildFresh(dataDir);
    expect(rebuilt).toMatchObject({ extracted: 3, saved: 'stale' });
    expect(rebuilt.facts.every((fact) => fact.sentence !== 'older')).toBe(true);
    expect(extractorFingerprint()).not.toBe('an older extractor');
  });

  it('a file that cannot be written leaves the library whole and says why', async () => {
    const dataDir = await dataFolder();
    const blocker = join(dataDir, 'not-a-folder');
    await writeFile(blocker, 'a file where a folder should be');
    const timeline = await buildFresh(dataDir, join(blocker, 'facts.json'));
    expect(timeline.extracted).toBe(3);
    expect(timeline.saveError).toMatch(/ENOTDIR|EEXIST/u);
    const contents = await readLibraryContents(join(dataDir, 'articles'));
    const articles = new Map(contents.articles.map((article) => [article.id, article]));
    expect(timeline.facts).toEqual(
      buildTimeline({ articles, passagesByArticle: contents.passagesByArticle }),
    );
  });

  it('writes under a temporary name and renames, leaving no temporary file behind', async () => {
    const dataDir = await dataFolder();
    const folder = join(dataDir, 'cache');
    await mkdir(folder, { recursive: true });
    const file = join(folder, 'facts.json');
    await writeFactCacheFile(file, []);
    await writeFactCacheFile(file, [{ articleId: 'a', key: 'k', facts: [] }]);
    expect(await readdir(folder)).toEqual(['facts.json']);
    expect(await readFactCacheFile(file)).toEqual({
      status: 'loaded',
      entries: [{ articleId: 'a', key: 'k', facts: [] }],
    });
    expect((await readFactCacheFile(join(folder, 'none.json'))).status).toBe('missing');
  });
});
