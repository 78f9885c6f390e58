import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import type { Article } from '../../src/corpus/types.ts';
import { assembleLibrary, indexedPassages, type Library, openLibrary } from '../../src/library.ts';
import { PassageIndex } from '../../src/search/passage-index.ts';
import { inThreadSearch } from '../../src/search/passage-search.ts';

/** The repository's data folder (the seed articles in data/articles). */
export const DATA_DIR = join(import.meta.dirname, '..', '..', 'data');

/** The seed articles as a library; the saved index goes to a temporary folder, removed afterwards. */
export async function seedLibrary(): Promise<Library> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'footnote-cite-'));
  try {
    return await openLibrary({ dataDir: DATA_DIR, indexFile: join(cacheDir, 'index.json') });
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** A small in-memory library from inline article bodies. */
export function inlineLibrary(bodies: Record<string, string>): Library {
  const articles: Article[] = Object.entries(bodies).map(([id, body], i) => ({
    id,
    title: `Article ${id}`,
    url: `https://example.org/${id}`,
    publisher: 'Example',
    published: `2024-01-${String(i + 1).padStart(2, '0')}`,
    tags: [],
    body,
    file: `${id}.md`,
  }));
  const passagesByArticle = new Map(articles.map((article) => [article.id, splitIntoPassages(article)]));
  const index = inThreadSearch(PassageIndex.build(indexedPassages(articles, passagesByArticle)));
  const origin = {
    source: 'built',
    builtAt: new Date(0),
    buildMs: 0,
    loadMs: 0,
    bytes: 0,
    fingerprint: '',
  } as const;
  return assembleLibrary('inline', articles, passagesByArticle, index, origin, []);
}
