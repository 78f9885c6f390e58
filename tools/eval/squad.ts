import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { foldText } from '../../src/search/text.ts';

const SquadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              answers: z.array(z.object({ text: z.string() })),
              is_impossible: z.boolean().optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

/** A SQuAD question with the article it is about. */
export interface SquadQuestion {
  readonly id: string;
  readonly question: string;
  /** Gold answers (empty for an unanswerable question). */
  readonly answers: readonly string[];
  readonly impossible: boolean;
  /** The article's slug. */
  readonly articleId: string;
}

/** A SQuAD article as Footnote stores it: its slug, title and body (the contexts, one blank line apart). */
export interface SquadArticle {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

export interface SquadSet {
  readonly articles: readonly SquadArticle[];
  readonly questions: readonly SquadQuestion[];
}

/** The file slug of a SQuAD title ("Frédéric_Chopin" → "frederic-chopin"). */
export function squadSlug(title: string): string {
  return foldText(title)
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
}

/** Reads a SQuAD 2.0 JSON file into articles and questions (as `shared/eval/squad/README.md` describes). */
export async function loadSquad(file: string): Promise<SquadSet> {
  const parsed = SquadSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const articles: SquadArticle[] = [];
  const questions: SquadQuestion[] = [];
  for (const article of parsed.data) {
    const id = squadSlug(article.title);
    const body = article.paragraphs
      .map((paragraph) => paragraph.context.replace(/\s*\n\s*/gu, ' '))
      .join('\n\n');
    articles.push({ id, title: article.title.replace(/_/gu, ' '), body });
    for (const paragraph of article.paragraphs) {
      for (const qa of paragraph.qas) {
        questions.push({
          id: qa.id,
          question: qa.question,
          answers: qa.answers.map((answer) => answer.text),
          impossible: qa.is_impossible === true,
          articleId: id,
        });
      }
    }
  }
  return { articles, questions };
}

/** Writes SQuAD articles as Footnote article files into `<dataDir>/articles`. */
export async function writeSquadLibrary(dataDir: string, articles: readonly SquadArticle[]): Promise<void> {
  const folder = join(dataDir, 'articles');
  await mkdir(folder, { recursive: true });
  for (const article of articles) {
    const url = `https://en.wikipedia.org/wiki/${encodeURIComponent(article.title.replace(/ /gu, '_'))}`;
    const frontMatter = [
      '---',
      `title: ${JSON.stringify(article.title)}`,
      `url: ${JSON.stringify(url)}`,
      'publisher: Wikipedia',
      'published: 2016-06-16',
      'language: en',
      '---',
    ].join('\n');
    await writeFile(join(folder, `${article.id}.md`), `${frontMatter}\n\n${article.body}\n`);
  }
}

/** Text compared for answers: folded (case, accents, quotes, dashes) with spacing collapsed. */
export function comparable(text: string): string {
  return foldText(text).replace(/\s+/gu, ' ').trim();
}

/** Whether any gold answer is inside `quote` (ignoring case, accents and spacing). */
export function containsAnswer(quote: string, answers: readonly string[]): boolean {
  const haystack = comparable(quote);
  return answers.some((answer) => {
    const needle = comparable(answer);
    return needle.length > 0 && haystack.includes(needle);
  });
}
