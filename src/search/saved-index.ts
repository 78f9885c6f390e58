import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IndexedPassage, IndexOptions } from './index.ts';
import { PassageIndex } from './index.ts';
import { decodeIndexFile, encodeIndexFile, INDEX_FILE_VERSION, writePieces } from './index-file.ts';

/** Bumped whenever the way passages become index terms or the file layout changes, so old saved indexes are rebuilt. */
export const INDEX_FORMAT_VERSION = INDEX_FILE_VERSION;

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
    const bytes = await writePieces(temporary, encodeIndexFile(header, index.toParts()));
    await rename(temporary, file);
    return bytes;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Loads the index saved in `file` whatever its fingerprint (the bench's way in; the bot checks it). */
export async function readIndexFile(
  file: string,
  options: IndexOptions,
): Promise<{ header: SavedHeader; index: PassageIndex; bytes: number }> {
  const content = await readFile(file);
  const { header, parts } = decodeIndexFile(content);
  return {
    header: header as unknown as SavedHeader,
    index: PassageIndex.fromParts(parts, options),
    bytes: content.byteLength,
  };
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
    const saved = await readIndexFile(file, options);
    if (saved.header.fingerprint === fingerprint) {
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
    }
    rebuildReason = 'articles or options changed';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    rebuildReason =
      code === 'ENOENT' ? 'no saved index' : `saved index is unreadable: ${(error as Error).message}`;
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
