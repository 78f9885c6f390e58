import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readArticleFolder } from '../corpus/article-files.ts';
import { parseArticleFile, type RawFrontMatter, renderArticleFile } from '../corpus/frontmatter.ts';
import { ARTICLE_ID_PATTERN, normaliseUrl } from '../corpus/load.ts';
import type { LoadProblem } from '../corpus/types.ts';
import { normalizeBody } from './body-text.ts';
import { IngestFailure } from './failure.ts';
import { fallbackSlug, slugify, uniqueSlug } from './slug.ts';

/** An article ready to be stored: validated metadata and a normalised body. */
export interface ArticleDraft {
  readonly title: string;
  readonly url: string;
  /** The URL the page claims as canonical when it is on another site, so not cited; kept for the operator. */
  readonly canonical?: string | undefined;
  readonly publisher: string;
  readonly published: string;
  readonly author?: string | undefined;
  readonly language?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly body: string;
  /** Other URLs that identify the same article (the URL asked for, the URL after redirects). */
  readonly aliases?: readonly string[];
}

/** What storing a draft did. */
export interface StoreOutcome {
  readonly status: 'added' | 'updated' | 'unchanged';
  readonly id: string;
  /** Why an unchanged draft was matched to an existing article with another URL. */
  readonly note?: string;
}

interface StoredEntry {
  readonly id: string;
  readonly frontMatter: RawFrontMatter;
  readonly body: string;
  readonly urlKey: string | undefined;
  readonly hash: string;
}

const FIELDS = ['title', 'url', 'canonical', 'publisher', 'published', 'author', 'language', 'tags'] as const;
/** Query parameters that only track the click; two URLs differing only in them are one article. */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid)$/i;

/** URL identity for idempotency: the corpus rule (no fragment, no trailing slash) minus tracking parameters. */
export function urlKey(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of [...parsed.searchParams.keys()])
      if (TRACKING_PARAMS.test(name)) parsed.searchParams.delete(name);
    // The corpus rule strips a trailing slash only at the very end; here also before a query string.
    parsed.pathname = parsed.pathname.replace(/\/+$/, '') || '/';
    return normaliseUrl(parsed.href);
  } catch {
    return normaliseUrl(url);
  }
}

/** The content hash of a body: SHA-256 of its ingest normalisation, so re-wrapped text still matches. */
export function contentHash(body: string): string {
  return createHash('sha256').update(normalizeBody(body)).digest('hex');
}

/**
 * The articles folder as the ingester sees it: which ids are taken, and which article each URL and each
 * content hash belongs to — derived from the article files themselves, no separate manifest.
 * Writes go to a temporary file in the same folder and are renamed into place, so a crash never leaves
 * half an article, and nothing is ever written outside the folder.
 */
export class ArticleStore {
  private readonly byId = new Map<string, StoredEntry>();
  private readonly byUrl = new Map<string, string>();
  private readonly byHash = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  private readonly unreadable: LoadProblem[] = [];

  private constructor(readonly dir: string) {}

  /**
   * Reads every `*.md` in `dir` (created if missing) as the library loader does: hidden and editor files are
   * left out, at most 32 files are read at once, and an entry that cannot be read is listed in
   * {@link ArticleStore.problems} and skipped. Unreadable and broken files still reserve their id.
   */
  static async open(dir: string): Promise<ArticleStore> {
    const store = new ArticleStore(resolve(dir));
    await mkdir(store.dir, { recursive: true });
    const folder = await readArticleFolder(store.dir);
    if (folder.problem) {
      throw new IngestFailure('write-failed', `${folder.problem.file}: ${folder.problem.message}`, {
        detail: folder.problem.detail,
      });
    }
    for (const entry of folder.entries) {
      const id = entry.name.slice(0, -3);
      let frontMatter: RawFrontMatter = {};
      let body = '';
      if ('problem' in entry) store.unreadable.push(entry.problem);
      else {
        try {
          const parts = parseArticleFile(entry.text);
          frontMatter = parts.frontMatter ?? {};
          body = parts.body;
        } catch {
          // A broken file keeps its id reserved but matches nothing.
        }
      }
      store.remember({ id, frontMatter, body, urlKey: urlOf(frontMatter), hash: contentHash(body) });
    }
    return store;
  }

  /** Entries of the folder that could not be read (a folder named `x.md`, a symbolic link to nothing...). */
  get problems(): readonly LoadProblem[] {
    return this.unreadable;
  }

  /** Number of article files known (including ones added by this store). */
  get size(): number {
    return this.byId.size;
  }

  /** Stores a draft: a new article, an update of the one with the same URL, or nothing when it is already there. */
  save(draft: ArticleDraft): Promise<StoreOutcome> {
    // One save at a time, so two drafts can never pick the same new id.
    const result = this.queue.then(() => this.saveNow(draft));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async saveNow(draft: ArticleDraft): Promise<StoreOutcome> {
    const body = normalizeBody(draft.body);
    const hash = contentHash(body);
    const keys = [draft.url, ...(draft.aliases ?? [])].map(urlKey);
    const sameUrl = keys.map((key) => this.byUrl.get(key)).find((id) => id !== undefined);
    const existing = sameUrl === undefined ? undefined : this.byId.get(sameUrl);
    if (!existing) {
      const sameText = this.byHash.get(hash);
      if (sameText !== undefined) {
        const other = this.byId.get(sameText);
        return {
          status: 'unchanged',
          id: sameText,
          note: `same text as ${sameText} (${String(other?.frontMatter.url)})`,
        };
      }
    }
    const frontMatter = mergeFrontMatter(draft, existing?.frontMatter);
    if (existing && sameArticle(existing, frontMatter, body)) return { status: 'unchanged', id: existing.id };
    const id = existing?.id ?? this.newId(draft);
    await this.write(id, renderArticleFile(frontMatter, body));
    if (existing) this.forget(existing);
    this.remember({ id, frontMatter, body, urlKey: urlKey(draft.url), hash });
    for (const key of keys) if (!this.byUrl.has(key)) this.byUrl.set(key, id);
    return { status: existing ? 'updated' : 'added', id };
  }

  private newId(draft: ArticleDraft): string {
    const base = slugify(draft.title) || fallbackSlug(urlKey(draft.url));
    return uniqueSlug(base, (id) => this.byId.has(id));
  }

  private async write(id: string, text: string): Promise<void> {
    const target = resolve(this.dir, `${id}.md`);
    if (!ARTICLE_ID_PATTERN.test(id) || dirname(target) !== this.dir) {
      throw new IngestFailure('write-failed', `refusing to write outside the articles folder: ${id}`);
    }
    // A dot-name without `.md` is invisible to the loader and the watcher until the rename.
    const temp = join(this.dir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw new IngestFailure('write-failed', `could not write ${target}: ${(error as Error).message}`);
    }
  }

  private remember(entry: StoredEntry): void {
    this.byId.set(entry.id, entry);
    if (entry.urlKey !== undefined && !this.byUrl.has(entry.urlKey)) this.byUrl.set(entry.urlKey, entry.id);
    if (entry.body && !this.byHash.has(entry.hash)) this.byHash.set(entry.hash, entry.id);
  }

  private forget(entry: StoredEntry): void {
    if (this.byHash.get(entry.hash) === entry.id) this.byHash.delete(entry.hash);
  }
}

function urlOf(frontMatter: RawFrontMatter): string | undefined {
  return typeof frontMatter.url === 'string' ? urlKey(frontMatter.url) : undefined;
}

/** New metadata wins; tags and optional fields the page no longer states are kept from the stored file. */
function mergeFrontMatter(draft: ArticleDraft, stored: RawFrontMatter | undefined): RawFrontMatter {
  const tags = draft.tags && draft.tags.length > 0 ? [...draft.tags] : (stored?.tags ?? []);
  return {
    title: draft.title,
    url: draft.url,
    canonical: draft.canonical,
    publisher: draft.publisher,
    published: draft.published,
    author: draft.author ?? stored?.author,
    language: draft.language ?? stored?.language,
    tags,
  };
}

function sameArticle(entry: StoredEntry, frontMatter: RawFrontMatter, body: string): boolean {
  if (entry.body !== body) return false;
  return FIELDS.every((field) => comparable(entry.frontMatter[field]) === comparable(frontMatter[field]));
}

function comparable(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value) && value.length === 0) return '';
  return value === undefined || value === null ? '' : JSON.stringify(value);
}
