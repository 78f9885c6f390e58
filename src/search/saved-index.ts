import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IndexedPassage, IndexOptions } from './index.ts';
import { PassageIndex } from './index.ts';

/** Bumped whenever the way passages become index terms changes, so old saved indexes are rebuilt. */
export const INDEX_FORMAT_VERSION = 1;

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

interface SavedHeader {
  readonly format: number;
  readonly fingerprint: string;
  readonly builtAt: string;
  readonly buildMs: number;
}

/**
 * Loads the index saved at `file` when its fingerprint matches; otherwise builds it and saves it
 * (atomically: a temporary file renamed into place). A failed save is reported, not fatal.
 */
export async function loadOrBuildIndex(
  file: string,
  passages: readonly IndexedPassage[],
  options: IndexOptions,
  onSaveError: (error: unknown) => void = () => {},
): Promise<{ index: PassageIndex; origin: IndexOrigin }> {
  const fingerprint = indexFingerprint(passages, options);
  const loadStarted = performance.now();
  const saved = await readSaved(file);
  if (saved.header && saved.header.fingerprint === fingerprint && saved.header.format === INDEX_FORMAT_VERSION) {
    try {
      const index = PassageIndex.load(saved.indexJson, options);
      return {
        index,
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
      saved.reason = `saved index could not be loaded: ${(error as Error).message}`;
    }
  }
  const buildStarted = performance.now();
  const index = PassageIndex.build(passages, options);
  const buildMs = performance.now() - buildStarted;
  const builtAt = new Date();
  const indexJson = index.toJSON();
  const header: SavedHeader = { format: INDEX_FORMAT_VERSION, fingerprint, builtAt: builtAt.toISOString(), buildMs };
  const content = `${JSON.stringify(header)}\n${indexJson}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    onSaveError(error);
  }
  return {
    index,
    origin: {
      source: 'built',
      builtAt,
      buildMs,
      loadMs: 0,
      bytes: Buffer.byteLength(content),
      fingerprint,
      rebuildReason: saved.reason,
    },
  };
}

async function readSaved(
  file: string,
): Promise<{ header: SavedHeader | null; indexJson: string; bytes: number; reason: string }> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    return { header: null, indexJson: '', bytes: 0, reason: 'no saved index' };
  }
  const newline = content.indexOf('\n');
  try {
    const header = JSON.parse(content.slice(0, newline)) as SavedHeader;
    const reason = header.fingerprint === undefined ? 'saved index has no fingerprint' : 'articles or options changed';
    return { header, indexJson: content.slice(newline + 1), bytes: (await stat(file)).size, reason };
  } catch {
    return { header: null, indexJson: '', bytes: 0, reason: 'saved index is unreadable' };
  }
}
