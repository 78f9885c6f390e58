import { readFile, stat, writeFile } from 'node:fs/promises';
import { Index as FlexIndex } from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import type { IndexedPassage } from '../../src/search/passage-index.ts';
import { DEFAULT_INDEX_OPTIONS, PassageIndex } from '../../src/search/passage-index.ts';
import { indexFingerprint, readIndexFile, writeIndexFile } from '../../src/search/saved-index.ts';

/** A search engine as the bench drives it: build, save to a file, load from it, search. */
export interface BenchEngine {
  build(passages: readonly IndexedPassage[]): void;
  /** Saves the built index to `file`; returns its size in bytes. */
  save(file: string): Promise<number>;
  /** Replaces the engine's state with the index saved in `file`. */
  load(file: string): Promise<void>;
  /** Passage ids, best first. */
  search(query: string, limit: number): string[];
}

export const ENGINE_NAMES = ['footnote', 'minisearch', 'flexsearch', 'lunr'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Footnote's own index, saved and loaded the way the bot does it. */
function footnoteEngine(): BenchEngine {
  let index: PassageIndex | null = null;
  let passages: readonly IndexedPassage[] = [];
  return {
    build(list) {
      passages = list;
      index = PassageIndex.build(list, DEFAULT_INDEX_OPTIONS);
    },
    async save(file) {
      if (!index) throw new Error('bench: nothing built');
      // The real fingerprint, so the bench's worker run (search-child.ts) loads this file as the bot would.
      await writeIndexFile(file, index, {
        fingerprint: indexFingerprint(passages, DEFAULT_INDEX_OPTIONS),
        builtAt: new Date().toISOString(),
        buildMs: 0,
      });
      index = null;
      passages = [];
      return (await stat(file)).size;
    },
    async load(file) {
      const saved = await readIndexFile(file, DEFAULT_INDEX_OPTIONS);
      index = saved.index;
    },
    search(query, limit) {
      if (!index) throw new Error('bench: nothing loaded');
      return index.search(query, { limit }).map((hit) => hit.passageId);
    },
  };
}

/**
 * MiniSearch as it comes (its default tokenizer, term processing and BM25 parameters), over title and text,
 * saved with `JSON.stringify` and loaded with `loadJSON`: the baseline Footnote's MiniSearch set-up improves on.
 */
function plainMiniSearchEngine(): BenchEngine {
  const options = { fields: ['title', 'text'], storeFields: [] };
  let index: MiniSearch<IndexedPassage> | null = null;
  return {
    build(passages) {
      index = new MiniSearch<IndexedPassage>(options);
      index.addAll(passages);
    },
    async save(file) {
      await writeFile(file, JSON.stringify(index));
      index = null;
      return (await stat(file)).size;
    },
    async load(file) {
      index = MiniSearch.loadJSON(await readFile(file, 'utf8'), options);
    },
    search(query, limit) {
      if (!index) throw new Error('bench: nothing loaded');
      return index
        .search(query)
        .slice(0, limit)
        .map((result) => String(result.id));
    },
  };
}

/** FlexSearch's default index over title and text, with partial matches ("suggest") so every query ranks. */
function flexsearchEngine(): BenchEngine {
  let index = new FlexIndex();
  let ids: string[] = [];
  return {
    build(passages) {
      ids = passages.map((passage) => passage.id);
      passages.forEach((passage, i) => {
        index.add(i, `${passage.title}\n${passage.text}`);
      });
    },
    async save(file) {
      const parts: string[] = [JSON.stringify(ids)];
      index.export((key, data) => {
        parts.push(`${key}\t${data}`);
      });
      await writeFile(file, `${parts.join('\n')}\n`);
      index = new FlexIndex();
      ids = [];
      return (await stat(file)).size;
    },
    async load(file) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      ids = JSON.parse(lines[0] as string) as string[];
      index = new FlexIndex();
      for (const line of lines.slice(1)) {
        const tab = line.indexOf('\t');
        if (tab > 0) index.import(line.slice(0, tab), line.slice(tab + 1));
      }
    },
    search(query, limit) {
      const found = index.search(query, { limit, suggest: true }) as number[];
      return found.map((i) => ids[i] as string);
    },
  };
}

/** Lunr with its English pipeline (stemmer, stop words), title boosted like Footnote's, OR query of the words. */
function lunrEngine(): BenchEngine {
  let index: lunr.Index | null = null;
  return {
    build(passages) {
      index = lunr(function () {
        this.ref('id');
        this.field('text');
        this.field('title', { boost: DEFAULT_INDEX_OPTIONS.boost.title });
        for (const passage of passages)
          this.add({ id: passage.id, text: passage.text, title: passage.title });
      });
    },
    async save(file) {
      await writeFile(file, JSON.stringify(index));
      index = null;
      return (await stat(file)).size;
    },
    async load(file) {
      index = lunr.Index.load(JSON.parse(await readFile(file, 'utf8')));
    },
    search(query, limit) {
      if (!index) throw new Error('bench: nothing loaded');
      const tokens = lunr.tokenizer(query);
      const results = index.query((q) => {
        for (const token of tokens) q.term(token.toString(), {});
      });
      return results.slice(0, limit).map((result) => result.ref);
    },
  };
}

/** A fresh engine by name. */
export function createEngine(name: EngineName): BenchEngine {
  switch (name) {
    case 'footnote':
      return footnoteEngine();
    case 'minisearch':
      return plainMiniSearchEngine();
    case 'flexsearch':
      return flexsearchEngine();
    case 'lunr':
      return lunrEngine();
  }
}
