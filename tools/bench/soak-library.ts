/**
 * The soak benchmark's library: articles of SQuAD paragraphs (each paragraph one passage), every paragraph made
 * unique by a closing sentence, one in four of them dated so the timeline has events; and the questions, quotes
 * and timeline queries the soak asks about it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderArticleFile } from '../../src/corpus/frontmatter.ts';
import { MAX_PASSAGE_CHARS } from '../../src/corpus/passages.ts';
import { seededRandom } from '../../src/seeded-random.ts';

/** What the soak asks about the library it wrote. */
export interface SoakLibrary {
  readonly articles: number;
  readonly paragraphs: number;
  /** SQuAD questions about the paragraphs used. */
  readonly questions: readonly string[];
  /** Sentences of the library, verbatim, for /cite and Find source. */
  readonly quotes: readonly string[];
  /** Words that name events in the dated sentences, for `/timeline query:`. */
  readonly timelineQueries: readonly string[];
}

interface Squad {
  data: { title: string; paragraphs: { context: string; qas: { question: string }[] }[] }[];
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const SUBJECTS = ['The council', 'The ministry', 'A committee', 'The company', 'The court', 'The museum'];
const VERBS = ['approved', 'rejected', 'announced', 'reviewed', 'postponed', 'published'];
const OBJECTS = ['the budget', 'a new plan', 'the report', 'the harbour project', 'a trade agreement'];
/** Room left in a passage for the closing sentence, so a paragraph is never cut into two passages. */
const CONTEXT_CHARS = MAX_PASSAGE_CHARS - 160;

/** A SQuAD paragraph on one line, cut after its last sentence that fits {@link CONTEXT_CHARS}. */
function fitted(context: string): string {
  const text = context.replace(/\s+/gu, ' ').trim();
  if (text.length <= CONTEXT_CHARS) return text;
  const cut = text.lastIndexOf('. ', CONTEXT_CHARS);
  return cut > 100 ? text.slice(0, cut + 1) : text.slice(0, CONTEXT_CHARS);
}

/** Sentences of a paragraph, roughly (for quotes: each is verbatim in the paragraph). */
function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z])/u).filter((s) => s.length >= 40 && s.length <= 300);
}

/** The closing sentence of paragraph `p` of article `a`; dated one time in four. */
function closingSentence(a: number, p: number, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const tag = `filed as record ${a}-${p}`;
  if (random() >= 0.25) return `This section was ${tag}.`;
  const year = 1990 + Math.floor(random() * 30);
  return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} on ${1 + Math.floor(random() * 28)} ${pick(MONTHS)} ${year}, ${tag}.`;
}

function articleFile(a: number, title: string, paragraphs: readonly string[], revision = 0): string {
  const published = `2024-${String((a % 12) + 1).padStart(2, '0')}-${String((a % 28) + 1).padStart(2, '0')}`;
  return renderArticleFile(
    {
      title: `${title} (report ${a}${revision ? `, revision ${revision}` : ''})`,
      url: `https://example.org/reports/${a}`,
      publisher: 'Soak Wire',
      published,
    },
    paragraphs.join('\n\n'),
  );
}

/**
 * Writes articles of `paragraphsPerArticle` paragraphs into `articlesDir` until there are `passages`
 * paragraphs (each is one passage), deterministic for a seed. Returns what to ask about them.
 */
export async function writeSoakLibrary(options: {
  readonly articlesDir: string;
  readonly squadFile: string;
  readonly passages: number;
  readonly paragraphsPerArticle: number;
  readonly seed?: number;
}): Promise<SoakLibrary & { rewrite(article: number, revision: number): Promise<void> }> {
  const squad = JSON.parse(await readFile(options.squadFile, 'utf8')) as Squad;
  const pool = squad.data.flatMap((entry) =>
    entry.paragraphs.map((p) => ({ title: entry.title.replace(/_/gu, ' '), ...p })),
  );
  const seed = options.seed ?? 12;
  const perArticle = options.paragraphsPerArticle;
  const articles = Math.ceil(options.passages / perArticle);
  const paragraphsOf = (a: number, revision: number): { title: string; paragraphs: string[] } => {
    const count = Math.min(perArticle, options.passages - a * perArticle);
    const first = pool[(a * 7) % pool.length];
    const paragraphs = Array.from({ length: count }, (_, p) => {
      const source = pool[(a * perArticle + p * 13) % pool.length];
      // Seeded per paragraph: a rewritten article keeps its other paragraphs.
      const random = seededRandom(seed * 1_000_003 + a * 101 + p);
      return `${fitted(source?.context ?? '')} ${closingSentence(a, p, random)}`;
    });
    if (revision > 0)
      paragraphs.push(
        `The ministry revised the report on ${(revision % 28) + 1} March 2024, revision ${revision}.`,
      );
    return { title: first?.title ?? `Report ${a}`, paragraphs };
  };
  const writes: Promise<void>[] = [];
  for (let a = 0; a < articles; a++) {
    const { title, paragraphs } = paragraphsOf(a, 0);
    writes.push(writeFile(join(options.articlesDir, `r${a}.md`), articleFile(a, title, paragraphs)));
    if (writes.length >= 64) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  const used = pool.slice(0, Math.min(pool.length, articles * perArticle));
  return {
    articles,
    paragraphs: options.passages,
    questions: used.flatMap((p) => p.qas.map((qa) => qa.question)),
    quotes: used.flatMap((p) => sentencesOf(fitted(p.context))),
    timelineQueries: ['budget', 'harbour', 'trade agreement', 'report', 'plan', 'court'],
    /** Rewrites article `article` with a revision paragraph (`revision` 0: as first written). */
    async rewrite(article: number, revision: number): Promise<void> {
      const { title, paragraphs } = paragraphsOf(article, revision);
      await writeFile(
        join(options.articlesDir, `r${article}.md`),
        articleFile(article, title, paragraphs, revision),
      );
    },
  };
}
