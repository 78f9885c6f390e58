/** An article as loaded from `data/articles/<id>.md`: validated front matter plus the verbatim body. */
export interface Article {
  /** The file's slug (file name without `.md`): stable, unique, used in passage ids. */
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly publisher: string;
  /** ISO date, `YYYY-MM-DD`. */
  readonly published: string;
  readonly author?: string | undefined;
  readonly language?: string | undefined;
  readonly tags: readonly string[];
  /** The article text exactly as published (front matter removed); quotes are cut from it by offset. */
  readonly body: string;
  /** Path of the file it was loaded from, for error messages. */
  readonly file: string;
}

/** A sentence inside a passage, by offsets into the article body. */
export interface Sentence {
  readonly start: number;
  readonly end: number;
}

/** A searchable unit: a paragraph, or part of a long paragraph cut at sentence boundaries. */
export interface Passage {
  /** `<article-id>#<n>`, n counting passages from 1 within the article. */
  readonly id: string;
  readonly articleId: string;
  /** 1-based paragraph number within the article body. */
  readonly paragraph: number;
  /** Offsets into the article body: `article.body.slice(start, end) === text`. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Sentences of this passage, offsets into the article body, in order. */
  readonly sentences: readonly Sentence[];
}

/** A problem found while loading the library: one file, one field, what was expected. */
export interface LoadProblem {
  readonly file: string;
  readonly field?: string | undefined;
  /** Short and true, for the operator ("a folder, not an article file"). */
  readonly message: string;
  /** The system's own words when a file could not be read (`EACCES: permission denied, open '…'`), for the log. */
  readonly detail?: string | undefined;
}
