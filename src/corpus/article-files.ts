import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadProblem } from './types.ts';

/** At most this many article files are open at once by default: far below any open-file limit. */
export const DEFAULT_READ_CONCURRENCY = 32;

/** How the files of an articles folder are read. */
export interface ReadFolderOptions {
  /** At most this many files are read at once (default {@link DEFAULT_READ_CONCURRENCY}). */
  readonly concurrency?: number;
  /** Reads one file's text (default {@link readArticleText}); tests inject one to count or fail reads. */
  readonly read?: (file: string) => Promise<string>;
}

/** One `*.md` entry of the folder: its text, or why it could not be read. */
export type FolderEntry =
  | { readonly name: string; readonly file: string; readonly text: string }
  | { readonly name: string; readonly file: string; readonly problem: LoadProblem };

/** What reading an articles folder found: every article file's text or problem, in name order. */
export interface ArticleFolder {
  readonly entries: FolderEntry[];
  /** Names left out on purpose: hidden files and editors' lock, backup and swap files. */
  readonly ignored: string[];
  /** A problem with the folder itself (missing, not a folder, unreadable): then there are no entries. */
  readonly problem?: LoadProblem;
}

/**
 * True for names that are never articles, though some end in `.md`: hidden files (`.x.md`; Emacs's lock file
 * `.#x.md`, a symbolic link to nothing; Vim's swap `.x.md.swp`), Emacs's autosave `#x.md#` and backups `x.md~`.
 */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || (name.startsWith('#') && name.endsWith('#')) || name.endsWith('~');
}

/** Thrown by {@link readArticleText} for an entry that is not a regular file. */
export class NotAFileError extends Error {
  override readonly name = 'NotAFileError';
}

/** Thrown by {@link readArticleText} for a file whose bytes are not UTF-8 text; `detail` says what was found. */
export class NotTextError extends Error {
  override readonly name = 'NotTextError';
  constructor(readonly detail: string) {
    super('not UTF-8 text');
  }
}

// Fatal: a file in another encoding must be reported, not loaded with U+FFFD where its letters were (quotes are
// verbatim, so the library would quote characters the author never wrote). ignoreBOM keeps a BOM for the parser.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An article file's bytes as text, or a {@link NotTextError}: NUL bytes (binary, UTF-16) or invalid UTF-8. */
export function decodeArticleText(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new NotTextError('holds NUL bytes (a binary or UTF-16 file)');
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new NotTextError('holds bytes that are not UTF-8 (saved in another encoding?)');
  }
}

// O_NONBLOCK: opening a named pipe called `x.md` must not wait for a writer (it would hang the whole load).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads one article file as UTF-8; refuses folders, pipes, sockets and devices without blocking on them, and
 * files that are not UTF-8 text ({@link decodeArticleText}).
 */
export async function readArticleText(file: string): Promise<string> {
  const handle = await open(file, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new NotAFileError('a folder, not an article file');
    if (!stats.isFile()) throw new NotAFileError('not a regular file but a pipe, socket or device');
    return decodeArticleText(await handle.readFile());
  } finally {
    await handle.close();
  }
}

/** Runs `task` on every item with at most `limit` running at once; results in the items' order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

// Another part of the process (sockets, the index file) may hold descriptors too: running out is transient.
const RETRY_DELAYS_MS = [10, 20, 40, 80, 160, 320];
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY']);

async function readWithRetry(file: string, read: (file: string) => Promise<string>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read(file);
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !TRANSIENT.has(errorCode(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const REASONS: Record<string, string> = {
  EISDIR: 'a folder, not an article file',
  ENXIO: 'not a regular file but a pipe, socket or device',
  ELOOP: 'a symbolic link that loops back on itself',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
  EMFILE: 'cannot be read: too many open files',
  ENFILE: 'cannot be read: too many open files',
  EIO: 'cannot be read: input/output error',
};

/** The problem to report for an entry that could not be read: a short true reason, the system's words as detail. */
async function unreadable(file: string, error: unknown): Promise<LoadProblem> {
  if (error instanceof NotAFileError) return { file, message: error.message };
  if (error instanceof NotTextError) return { file, message: error.message, detail: error.detail };
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') {
    const link = await lstat(file).then(
      (stats) => stats.isSymbolicLink(),
      () => false,
    );
    return {
      file,
      message: link ? 'a symbolic link to a file that does not exist' : 'removed while loading',
      detail,
    };
  }
  return { file, message: (code && REASONS[code]) ?? `cannot be read (${code ?? detail})`, detail };
}

const FOLDER_REASONS: Record<string, string> = {
  ENOENT: 'articles folder does not exist',
  ENOTDIR: 'articles folder is a file, not a folder',
  EACCES: 'articles folder cannot be read: permission denied',
  EPERM: 'articles folder cannot be read: permission denied',
};

/**
 * Reads every `*.md` file of `dir`, at most `concurrency` at once. An entry that cannot be read (a folder named
 * `x.md`, a symbolic link to nothing, a pipe, a file without read permission) becomes a problem; the others
 * are read. Hidden and editor files are left out ({@link isIgnoredName}).
 */
export async function readArticleFolder(
  dir: string,
  options: ReadFolderOptions = {},
): Promise<ArticleFolder> {
  const { concurrency = DEFAULT_READ_CONCURRENCY, read = readArticleText } = options;
  let all: string[];
  try {
    all = await readdir(dir);
  } catch (error) {
    const message = FOLDER_REASONS[errorCode(error) ?? ''];
    if (!message) throw error;
    return { entries: [], ignored: [], problem: { file: dir, message, detail: (error as Error).message } };
  }
  const names = all.filter((name) => name.endsWith('.md') && !isIgnoredName(name)).sort();
  const ignored = all.filter((name) => isIgnoredName(name)).sort();
  const entries = await mapBounded(names, concurrency, async (name): Promise<FolderEntry> => {
    const file = join(dir, name);
    try {
      return { name, file, text: await readWithRetry(file, read) };
    } catch (error) {
      return { name, file, problem: await unreadable(file, error) };
    }
  });
  return { entries, ignored };
}
