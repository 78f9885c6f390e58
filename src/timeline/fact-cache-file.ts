/*
 * The timeline's facts kept on disk between runs, so a start extracts only the facts of new and changed articles
 * (extraction is about 0.5 s per 1,000 passages; at 100,000 passages a fresh start spent 48 s on it, reading the
 * file back takes about 1 s). One JSON file per library, written whole to a temporary name and renamed, so a
 * reader (another shard, the next start) sees the old file or the new one, never half of one. The file names the
 * extraction code it was made by: facts extracted by other code are not used.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FactCacheEntry } from './fact-cache.ts';

/** The file's layout; a file of another format is not read. */
const FORMAT = 1;

interface FactCacheFileContents {
  readonly format: number;
  /** {@link extractorFingerprint} of the code that extracted the facts. */
  readonly extractor: string;
  readonly entries: readonly FactCacheEntry[];
}

/** Why a saved file was not used, or 'loaded'. */
export type FactCacheFileStatus = 'loaded' | 'missing' | 'stale' | 'unreadable';

let fingerprint: string | undefined;

/**
 * What the facts depend on besides the articles: the source of the code that splits articles and extracts facts
 * (`src/corpus/`, `src/timeline/`), hashed. Editing the extractor makes every saved file stale, with no version
 * number to remember to raise.
 */
export function extractorFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256').update(`format ${FORMAT}\u0000`);
    for (const folder of ['../corpus/', './']) {
      const dir = fileURLToPath(new URL(folder, import.meta.url));
      for (const name of readdirSync(dir).sort()) {
        if (!/\.(?:ts|js|mjs)$/u.test(name)) continue;
        hash
          .update(name)
          .update('\u0000')
          .update(readFileSync(join(dir, name)))
          .update('\u0000');
      }
    }
    fingerprint = hash.digest('base64url');
  }
  return fingerprint;
}

/** Reads a saved file: its entries when it was made by this extractor, or why it cannot be used. */
export async function readFactCacheFile(
  file: string,
  extractor = extractorFingerprint(),
): Promise<{ status: FactCacheFileStatus; entries: readonly FactCacheEntry[]; detail?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing', entries: [] };
    return { status: 'unreadable', entries: [], detail: String(error) };
  }
  try {
    const contents = JSON.parse(text) as Partial<FactCacheFileContents>;
    if (contents.format !== FORMAT || contents.extractor !== extractor)
      return { status: 'stale', entries: [] };
    if (!Array.isArray(contents.entries)) return { status: 'unreadable', entries: [], detail: 'no entries' };
    return { status: 'loaded', entries: contents.entries.filter(isEntry) };
  } catch (error) {
    return { status: 'unreadable', entries: [], detail: String(error) };
  }
}

function isEntry(value: unknown): value is FactCacheEntry {
  const entry = value as Partial<FactCacheEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.articleId === 'string' &&
    typeof entry.key === 'string' &&
    Array.isArray(entry.facts)
  );
}

/** Writes the file whole under a temporary name, then renames it over the old one. */
export async function writeFactCacheFile(
  file: string,
  entries: readonly FactCacheEntry[],
  extractor = extractorFingerprint(),
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const contents: FactCacheFileContents = { format: FORMAT, extractor, entries };
  try {
    await writeFile(temporary, JSON.stringify(contents));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
