import { IngestFailure } from './failure.ts';

/** What kind of document the bytes hold, which decides where an in-document charset declaration is looked for. */
export type DocumentKind = 'html' | 'xml' | 'text';

const SNIFF_BYTES = 4096;

/**
 * Decodes bytes to text: a byte-order mark wins, then the Content-Type charset, then `<meta charset>`
 * (HTML) or the XML declaration (feeds), then UTF-8. Bytes invalid in that encoding fail with `bad-encoding`
 * rather than being silently replaced, because the stored body is what quotes must match.
 */
export function decodeBytes(bytes: Uint8Array, kind: DocumentKind, headerCharset?: string): string {
  const bom = bomEncoding(bytes);
  const label = bom ?? headerCharset ?? declaredCharset(bytes, kind) ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new IngestFailure('bad-encoding', `unknown character encoding "${label}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new IngestFailure('bad-encoding', `the bytes are not valid ${decoder.encoding}`);
  }
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The charset a document declares about itself in its first few kilobytes, if any. */
export function declaredCharset(bytes: Uint8Array, kind: DocumentKind): string | undefined {
  if (kind === 'text') return undefined;
  // latin1 maps every byte to one char, so ASCII declarations read correctly whatever the real encoding.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, SNIFF_BYTES));
  const pattern =
    kind === 'html'
      ? /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i
      : /<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i;
  return pattern.exec(head)?.[1];
}
