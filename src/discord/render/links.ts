import { escapeVerbatim } from '../markdown.ts';

/** A URL made safe inside `[text](<url>)`: characters that would end the link are percent-encoded. */
export function safeUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A masked link with its preview suppressed (`<url>`), the text escaped so it reads as written. */
export function maskedLink(text: string, url: string): string {
  return `[${escapeVerbatim(text)}](<${safeUrl(url)}>)`;
}
