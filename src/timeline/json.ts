import type { Article } from '../corpus/types.ts';
import type { Fact, Precision } from './types.ts';

/** A fact as the CLI prints it (`timeline --json`, `fact --json`). */
export interface FactJson {
  readonly date: string;
  readonly end: string | null;
  readonly precision: Precision;
  readonly sentence: string;
  readonly article: {
    readonly id: string;
    readonly title: string;
    readonly url: string;
    readonly published: string;
  };
  readonly passage: { readonly id: string; readonly paragraph: number };
}

/** The JSON shape of a fact. */
export function factToJson(
  fact: Fact,
  article: Pick<Article, 'id' | 'title' | 'url' | 'published'>,
): FactJson {
  return {
    date: fact.date,
    end: fact.end,
    precision: fact.precision,
    sentence: fact.sentence,
    article: { id: article.id, title: article.title, url: article.url, published: article.published },
    passage: { id: fact.passageId, paragraph: fact.paragraph },
  };
}

/** A one-line human form: `2023-09-19..2023-09-26  This training course… (china-trains-cadres ¶4)`. */
export function factLine(fact: Fact): string {
  const when = fact.end ? `${fact.date}..${fact.end}` : fact.date;
  return `${when.padEnd(22)} ${fact.sentence} (${fact.articleId} ¶${fact.paragraph})`;
}
