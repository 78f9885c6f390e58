/**
 * Lookup latency of `/cite`: `npm run bench:cite -- [--passages N] [--queries N] [--beir DIR]`.
 * With `--beir` (e.g. ../shared/eval/scifact), the library is the search benchmark's corpus (`benchCorpus`: SciFact
 * abstracts as passages, then Zipfian synthetic passages over SciFact's vocabulary). Without it, N passages of
 * Zipf-distributed pseudo-words. The seed articles are added either way, so real text is in there too;
 * then times verbatim, close (perturbed), ellipsis, outside-the-corpus and 4,000-character-message lookups.
 * Prints figures; asserts nothing.
 */
import { parseArgs } from 'node:util';
import { citeMessage, findSource } from '../../src/cite/cite.ts';
import { loadArticles } from '../../src/corpus/load.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import type { Article } from '../../src/corpus/types.ts';
import { assembleLibrary, indexedPassages, type Library } from '../../src/library.ts';
import { PassageIndex } from '../../src/search/passage-index.ts';
import { inThreadSearch } from '../../src/search/passage-search.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import { loadBeir } from '../eval/beir.ts';
import { benchArticles, benchCorpus } from './corpora.ts';

const { values } = parseArgs({
  options: {
    passages: { type: 'string', default: '20000' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '42' },
    beir: { type: 'string' },
  },
});
const PASSAGES = Number(values.passages);
const QUERIES = Number(values.queries);

const rand = seededRandom(Number(values.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'to',
  'sa',
  'vu',
  'nel',
  'ori',
  'pa',
  'dun',
  'che',
  'gi',
  'ba',
  'tor',
  'ex',
];
const COMMON =
  'the of and to in a is that for on with as was by it from at be this are which or an has have not'.split(
    ' ',
  );

/** A vocabulary of pseudo-words and a Zipf sampler over it: a few very common words, a long tail of rare ones. */
function vocabulary(size: number): () => string {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    words.add(Array.from({ length: n }, () => pick(SYLLABLES)).join(''));
  }
  const list = [...words];
  const weights = list.map((_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cumulative.push(total);
  }
  return () => {
    if (rand() < 0.4) return pick(COMMON);
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] as string;
  };
}

function sentence(word: () => string): string {
  const n = 8 + Math.floor(rand() * 14);
  const words = Array.from({ length: n }, word);
  const first = words[0] ?? 'x';
  words[0] = first[0]?.toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

function syntheticArticles(passages: number, word: () => string): Article[] {
  const articles: Article[] = [];
  const perArticle = 8;
  for (let a = 0; a * perArticle < passages; a++) {
    const paragraphs = Array.from({ length: perArticle }, () =>
      Array.from({ length: 3 + Math.floor(rand() * 3) }, () => sentence(word)).join(' '),
    );
    articles.push({
      id: `synthetic-${a}`,
      title: sentence(word).slice(0, 60),
      url: `https://example.org/synthetic/${a}`,
      publisher: 'Bench',
      published: '2024-01-01',
      tags: [],
      body: paragraphs.join('\n\n'),
      file: `synthetic-${a}.md`,
    });
  }
  return articles;
}

function buildLibrary(articles: readonly Article[]): { library: Library; ms: number } {
  const started = performance.now();
  const passagesByArticle = new Map(articles.map((article) => [article.id, splitIntoPassages(article)]));
  const index = inThreadSearch(PassageIndex.build(indexedPassages(articles, passagesByArticle)));
  const ms = performance.now() - started;
  const origin = {
    source: 'built',
    builtAt: new Date(),
    buildMs: ms,
    loadMs: 0,
    bytes: 0,
    fingerprint: '',
  } as const;
  return { library: assembleLibrary('bench', articles, passagesByArticle, index, origin, []), ms };
}

/** A run of 8–25 words of a random passage. */
function excerpt(library: Library): string {
  const passages = [...library.passages.values()];
  const passage = pick(passages);
  const words = passage.text.split(/\s+/u);
  const length = Math.min(words.length, 8 + Math.floor(rand() * 18));
  const at = Math.floor(rand() * Math.max(1, words.length - length));
  return words.slice(at, at + length).join(' ');
}

function perturb(text: string): string {
  const words = text.split(' ');
  const i = Math.floor(rand() * words.length);
  const word = words[i] ?? '';
  if (word.length > 5) words[i] = word.slice(0, 2) + word.slice(3);
  else words.splice(i, 1);
  return words.join(' ');
}

function withEllipsis(text: string): string {
  const words = text.split(' ');
  if (words.length < 10) return text;
  return [...words.slice(0, 4), '…', ...words.slice(7)].join(' ');
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(
  label: string,
  inputs: readonly string[],
  run: (text: string) => Promise<unknown[]>,
): Promise<void> {
  const times: number[] = [];
  const kinds = new Map<string, number>();
  for (const input of inputs) {
    const started = performance.now();
    const found = await run(input);
    times.push(performance.now() - started);
    const kind = (found[0] as { kind?: string } | undefined)?.kind ?? 'none';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  const found = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
  process.stdout.write(
    `${label.padEnd(26)} n=${String(times.length).padStart(4)}  mean ${mean.toFixed(1).padStart(6)} ms  p50 ${percentile(times, 50).toFixed(1).padStart(6)}  p95 ${percentile(times, 95).toFixed(1).padStart(6)}  max ${(times.at(-1) ?? 0).toFixed(1).padStart(6)}   [${found}]\n`,
  );
}

const seed = await loadArticles('data/articles');
const word = vocabulary(60_000);
const corpus = values.beir
  ? benchArticles(benchCorpus((await loadBeir(values.beir, undefined, { qrels: false })).documents, PASSAGES))
  : syntheticArticles(PASSAGES, word);
const { library, ms } = buildLibrary([...seed.articles, ...corpus]);
process.stdout.write(
  `corpus: ${values.beir ? `the search benchmark's (${values.beir})` : 'pseudo-words'}; library: ${library.articles.size} articles, ${library.passages.size} passages, index built in ${(ms / 1000).toFixed(1)} s\n`,
);

const verbatim = Array.from({ length: QUERIES }, () => excerpt(library));
const outside = Array.from({ length: QUERIES }, () => sentence(word).replace(/\.$/u, ''));
const longMessages = Array.from({ length: Math.max(5, QUERIES / 20) }, () => {
  let text = '';
  // Each excerpt starts a sentence: ICU does not end a sentence before a lowercase word, and matching ignores case.
  while (text.length < 3900) {
    const piece = excerpt(library);
    text += `${piece.charAt(0).toUpperCase()}${piece.slice(1)}. `;
  }
  return text.slice(0, 4000);
});
// Warm up the JIT before measuring.
for (const text of verbatim.slice(0, 20)) await findSource(text, library);

await time('verbatim excerpt', verbatim, (t) => findSource(t, library));
await time('close (typo or drop)', verbatim.map(perturb), (t) => findSource(t, library));
await time('close (ellipsis)', verbatim.map(withEllipsis), (t) => findSource(t, library));
await time('outside (random words)', outside, (t) => findSource(t, library));
await time('4,000-char message', longMessages, async (t) =>
  (await citeMessage(t, library)).lookups.flatMap((r) => r.matches),
);
