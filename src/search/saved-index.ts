import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { AsPlainObject } from 'minisearch';
import type { IndexedPassage, IndexOptions } from './passage-index.ts';
import { PassageIndex } from './passage-index.ts';

/** Bumped whenever the way passages become index terms or the file layout changes, so old saved indexes are rebuilt. */
export const INDEX_FORMAT_VERSION = 4;

/** A fingerprint of everything an index depends on: the indexed passages and the index options. */
export function indexFingerprint(passages: Iterable<IndexedPassage>, options: IndexOptions): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: INDEX_FORMAT_VERSION, options }));
  for (const passage of passages) {
    hash.update(JSON.stringify([passage.id, passage.articleId, passage.title, passage.meta, passage.text]));
  }
  return hash.digest('hex');
}

/** How an index came to be: loaded from disk, or built now. */
export interface IndexOrigin {
  readonly source: 'saved' | 'built';
  readonly builtAt: Date;
  /** Time spent building it (when built now: just now; when loaded: when it was built). */
  readonly buildMs: number;
  readonly loadMs: number;
  readonly bytes: number;
  readonly fingerprint: string;
  /** Why a saved index was not used, when it was not. */
  readonly rebuildReason?: string;
}

/** What a saved index file says about itself. */
export interface SavedHeader {
  readonly fingerprint: string;
  readonly builtAt: string;
  readonly buildMs: number;
}

/*
 * The saved index is MiniSearch's own serialisation (`JSON.stringify(miniSearch)`, loadable with
 * `MiniSearch.loadJSON` and the same options), written one property and one index entry per line with
 * Footnote's header as an extra first property. Line by line because a large index is more JSON than one
 * JavaScript string can hold (about 512 MiB), and so the header can be checked without reading the rest.
 */
const HEADER_PREFIX = '{"footnote":';
const INDEX_START = '"index":[';
const END = ']}';

/** The lines of the saved file for `saved` (MiniSearch's plain object) with `header`. */
export function* savedIndexLines(saved: AsPlainObject, header: SavedHeader): Generator<string> {
  yield `${HEADER_PREFIX}${JSON.stringify({ ...header, format: INDEX_FORMAT_VERSION })},`;
  for (const [key, value] of Object.entries(saved)) {
    if (key !== 'index') yield `${JSON.stringify(key)}:${JSON.stringify(value)},`;
  }
  yield INDEX_START;
  const last = saved.index.length - 1;
  for (let i = 0; i <= last; i++) yield `${JSON.stringify(saved.index[i])}${i < last ? ',' : ''}`;
  yield END;
}

/**
 * Saves `index` to `file` atomically (a temporary file renamed into place), with its header; returns the
 * file's size in bytes.
 */
export async function writeIndexFile(
  file: string,
  index: PassageIndex,
  header: SavedHeader,
): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      let batch: string[] = [];
      let size = 0;
      for (const line of savedIndexLines(index.toPlainObject(), header)) {
        batch.push(line);
        size += line.length;
        if (size > 1 << 22) {
          await handle.write(`${batch.join('\n')}\n`);
          batch = [];
          size = 0;
        }
      }
      await handle.write(`${batch.join('\n')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    return (await stat(file)).size;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function withoutComma(line: string): string {
  return line.endsWith(',') ? line.slice(0, -1) : line;
}

function parseHeader(line: string | undefined): SavedHeader & { format?: number } {
  if (!line?.startsWith(HEADER_PREFIX)) throw new Error('not a Footnote index file');
  return JSON.parse(withoutComma(line.slice(HEADER_PREFIX.length))) as SavedHeader & { format?: number };
}

/** The header of the index saved in `file` (only its first line is read). */
export async function readIndexHeader(file: string): Promise<SavedHeader> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of lines) return parseHeader(line);
    throw new Error('index file is empty');
  } finally {
    lines.close();
  }
}

/** Loads the index saved in `file` whatever its fingerprint (the bench's way in; the bot checks it first). */
export async function readIndexFile(
  file: string,
  options: IndexOptions,
): Promise<{ header: SavedHeader; index: PassageIndex; bytes: number }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let header: (SavedHeader & { format?: number }) | undefined;
  const saved: Record<string, unknown> = {};
  const entries: unknown[] = [];
  let part: 'header' | 'properties' | 'index' | 'end' = 'header';
  for await (const line of lines) {
    if (part === 'header') {
      header = parseHeader(line);
      if (header.format !== INDEX_FORMAT_VERSION)
        throw new Error(`index file format ${header.format}, expected ${INDEX_FORMAT_VERSION}`);
      part = 'properties';
    } else if (part === 'properties') {
      if (line === INDEX_START) part = 'index';
      else Object.assign(saved, JSON.parse(`{${withoutComma(line)}}`));
    } else if (part === 'index') {
      if (line === END) part = 'end';
      else entries.push(JSON.parse(withoutComma(line)));
    } else if (line.trim() !== '') {
      throw new Error('index file has text after its end');
    }
  }
  if (part !== 'end' || !header) throw new Error('index file is truncated');
  saved.index = entries;
  const index = PassageIndex.fromPlainObject(saved as unknown as AsPlainObject, options);
  return { header, index, bytes: (await stat(file)).size };
}

/**
 * Loads the index saved at `file` when its fingerprint matches; otherwise builds it and saves it
 * (atomically). A failed save is reported, not fatal.
 */
export async function loadOrBuildIndex(
  file: string,
  passages: readonly IndexedPassage[],
  options: IndexOptions,
  onSaveError: (error: unknown) => void = () => {},
): Promise<{ index: PassageIndex; origin: IndexOrigin }> {
  const fingerprint = indexFingerprint(passages, options);
  const loadStarted = performance.now();
  let rebuildReason: string;
  try {
    const header = await readIndexHeader(file);
    if (header.fingerprint !== fingerprint) throw new FingerprintMismatch();
    const saved = await readIndexFile(file, options);
    if (saved.header.fingerprint !== fingerprint) throw new FingerprintMismatch();
    return {
      index: saved.index,
      origin: {
        source: 'saved',
        builtAt: new Date(saved.header.builtAt),
        buildMs: saved.header.buildMs,
        loadMs: performance.now() - loadStarted,
        bytes: saved.bytes,
        fingerprint,
      },
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    rebuildReason =
      error instanceof FingerprintMismatch
        ? 'articles or options changed'
        : code === 'ENOENT'
          ? 'no saved index'
          : `saved index is unreadable: ${(error as Error).message}`;
  }
  const buildStarted = performance.now();
  const index = PassageIndex.build(passages, options);
  const buildMs = performance.now() - buildStarted;
  const builtAt = new Date();
  let bytes = 0;
  try {
    bytes = await writeIndexFile(file, index, { fingerprint, builtAt: builtAt.toISOString(), buildMs });
  } catch (error) {
    onSaveError(error);
  }
  return {
    index,
    origin: { source: 'built', builtAt, buildMs, loadMs: 0, bytes, fingerprint, rebuildReason },
  };
}

class FingerprintMismatch extends Error {}
