import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** Front matter fields as written in an article file, before validation. */
export type RawFrontMatter = Record<string, unknown>;

/** The parts of an article file: front matter (unvalidated) and body. */
export interface ArticleFileParts {
  readonly frontMatter: RawFrontMatter | null;
  readonly body: string;
}

/** Thrown when an article file's front matter cannot be parsed at all. */
export class FrontMatterSyntaxError extends Error {
  override readonly name = 'FrontMatterSyntaxError';
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/u;
const CLOSING = /^---[ \t]*\r?$/mu;

/**
 * Parses `---\n<yaml>\n---\n<body>`; a file without an opening `---` has no front matter.
 * The body is everything after the closing line, with leading and trailing blank lines removed.
 */
export function parseArticleFile(text: string): ArticleFileParts {
  const opening = OPENING.exec(text);
  if (!opening) return { frontMatter: null, body: trimBlankLines(text) };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing)
    throw new FrontMatterSyntaxError('front matter starts with "---" but has no closing "---" line');
  const yamlText = rest.slice(0, closing.index);
  let data: unknown;
  try {
    data = parseYaml(yamlText) ?? {};
  } catch (error) {
    throw new FrontMatterSyntaxError(
      `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FrontMatterSyntaxError('front matter must be a YAML mapping of field: value');
  }
  return {
    frontMatter: data as RawFrontMatter,
    body: trimBlankLines(rest.slice(closing.index + closing[0].length)),
  };
}

/** Removes whole blank lines at both ends; the text of the first and last lines is kept as is. */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\r?\n)+/u, '').replace(/(?:\r?\n[ \t]*)+$/u, '');
}

/** Renders an article file: YAML front matter (fields in the given order, undefined ones left out) and body. */
export function renderArticleFile(frontMatter: RawFrontMatter, body: string): string {
  const defined = Object.fromEntries(Object.entries(frontMatter).filter(([, value]) => value !== undefined));
  return `---\n${stringifyYaml(defined, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
}
