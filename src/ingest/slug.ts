import { createHash } from 'node:crypto';

/** Longest slug made from a title; collision suffixes (`-2`...) may add a few characters. */
export const MAX_SLUG_LENGTH = 60;

const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  đ: 'd',
  ð: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  '&': ' and ',
};

/**
 * A lowercase ASCII slug of a title: diacritics dropped, anything else non-alphanumeric becomes a dash,
 * cut at a word boundary to at most {@link MAX_SLUG_LENGTH} characters. Empty when nothing ASCII is left
 * (a title in a non-Latin script); the caller then falls back to {@link fallbackSlug}.
 */
export function slugify(title: string): string {
  const ascii = title
    .toLowerCase()
    .replace(/[đðßæœøłþı&]/g, (ch) => TRANSLITERATIONS[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash >= MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastDash) : cut.slice(0, MAX_SLUG_LENGTH)).replace(
    /-+$/,
    '',
  );
}

/** A slug for a title with no ASCII letters: `article-` and a short hash of a stable key (the URL). */
export function fallbackSlug(key: string): string {
  return `article-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

/** The first of `base`, `base-2`, `base-3`... that `taken` does not hold. */
export function uniqueSlug(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
