import { open } from 'node:fs/promises';
import type { IndexParts } from './index.ts';

/**
 * The saved index format: one file, read with one `readFile`, no giant JSON string (V8 strings stop near
 * 512 MiB). Layout: "FNIX", u32 version, u32 header length, header JSON, then sections, each a u32 byte length
 * and its bytes, padded to 4 bytes so typed arrays can view the file's memory without copying.
 */
const MAGIC = 'FNIX';
export const INDEX_FILE_VERSION = 2;
const SEPARATOR = '\u0000';

function padding(length: number): number {
  return (4 - (length % 4)) % 4;
}

function joinStrings(values: readonly string[], what: string): Buffer {
  for (const value of values) {
    if (value.includes(SEPARATOR))
      throw new Error(`index-file: a ${what} contains a NUL character: ${JSON.stringify(value)}`);
  }
  return Buffer.from(values.join(SEPARATOR), 'utf8');
}

function splitStrings(bytes: Uint8Array, count: number): string[] {
  if (count === 0) return [];
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split(SEPARATOR);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

function bytesOf(array: Uint32Array | Float32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** The pieces of an index file, in order (written one by one: no copy of the whole index). */
export function encodeIndexFile(header: object, parts: IndexParts): Uint8Array[] {
  const { postings } = parts;
  const headerBytes = Buffer.from(
    JSON.stringify({
      ...header,
      documentCount: postings.documentCount,
      terms: postings.terms.length,
      articles: parts.articleIds.length,
    }),
    'utf8',
  );
  const pieces: Uint8Array[] = [
    Buffer.from(MAGIC, 'latin1'),
    u32(INDEX_FILE_VERSION),
    u32(headerBytes.length),
    headerBytes,
  ];
  pieces.push(Buffer.alloc(padding(headerBytes.length)));
  const sections = [
    joinStrings(postings.terms, 'term'),
    joinStrings(parts.passageIds, 'passage id'),
    joinStrings(parts.articleIds, 'article id'),
    bytesOf(parts.articleOf),
    bytesOf(postings.offsets),
    bytesOf(postings.docs),
    bytesOf(postings.impacts),
  ];
  for (const section of sections) {
    pieces.push(u32(section.byteLength), section, Buffer.alloc(padding(section.byteLength)));
  }
  return pieces;
}

/** Writes the pieces to `file` in order; returns the bytes written. */
export async function writePieces(file: string, pieces: readonly Uint8Array[]): Promise<number> {
  const handle = await open(file, 'w');
  let written = 0;
  try {
    for (const piece of pieces) {
      if (piece.byteLength === 0) continue;
      await handle.write(piece);
      written += piece.byteLength;
    }
  } finally {
    await handle.close();
  }
  return written;
}

/** Reads the header of an index file, or throws naming what is wrong. */
export function decodeHeader(file: Uint8Array): { header: Record<string, unknown>; bodyStart: number } {
  const buffer = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buffer.byteLength < 12 || buffer.toString('latin1', 0, 4) !== MAGIC)
    throw new Error('not a Footnote index file');
  const version = buffer.readUInt32LE(4);
  if (version !== INDEX_FILE_VERSION)
    throw new Error(`index file version ${version}, expected ${INDEX_FILE_VERSION}`);
  const headerLength = buffer.readUInt32LE(8);
  const header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as Record<string, unknown>;
  return { header, bodyStart: 12 + headerLength + padding(headerLength) };
}

/** The index parts of an index file; typed arrays view `file`'s memory when it is aligned. */
export function decodeIndexFile(file: Uint8Array): { header: Record<string, unknown>; parts: IndexParts } {
  const aligned = file.byteOffset % 4 === 0 ? file : new Uint8Array(file);
  const { header, bodyStart } = decodeHeader(aligned);
  const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  let position = bodyStart;
  const section = (): Uint8Array => {
    if (position + 4 > aligned.byteLength) throw new Error('index file is truncated');
    const length = view.getUint32(position, true);
    const start = position + 4;
    if (start + length > aligned.byteLength) throw new Error('index file is truncated');
    position = start + length + padding(length);
    return aligned.subarray(start, start + length);
  };
  const words = (bytes: Uint8Array) => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const documentCount = Number(header.documentCount);
  const terms = splitStrings(section(), Number(header.terms));
  const passageIds = splitStrings(section(), documentCount);
  const articleIds = splitStrings(section(), Number(header.articles));
  const articleOf = words(section());
  const offsets = words(section());
  const docs = words(section());
  const impactBytes = section();
  const impacts = new Float32Array(impactBytes.buffer, impactBytes.byteOffset, impactBytes.byteLength / 4);
  if (
    passageIds.length !== documentCount ||
    articleOf.length !== documentCount ||
    offsets.length !== terms.length + 1 ||
    docs.length !== impacts.length ||
    offsets[terms.length] !== docs.length
  ) {
    throw new Error('index file sections do not agree');
  }
  return {
    header,
    parts: { passageIds, articleIds, articleOf, postings: { documentCount, terms, offsets, docs, impacts } },
  };
}
