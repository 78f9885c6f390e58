import type { Mention } from './mentions.ts';

/*
 * Dates chrono cannot read: years under 1000 ("In 938", "5 March 938", which chrono reads as a year-less
 * "5 March") and years with an era ("40 AD", "AD 40", "479 BC", "the year 938"). A number of two or three digits
 * is a year only in such a construction, never on its own ("in 300 towns", "by 215 votes", "in 45 minutes").
 * Years are astronomical, as in ISO 8601: 1 BC is year 0, 40 BC is year -39.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
// An era before the year ("AD 40") or after it ("40 AD", "479 BC", "753 B.C.").
const ERA_BEFORE = '(?:(AD|A\\.D\\.)\\s+)?';
const NUMBER = '(\\d{1,4})';
const ERA_AFTER = '(?:\\s*(AD|A\\.D\\.|CE|C\\.E\\.|BCE|B\\.C\\.E\\.|BC|B\\.C\\.)(?![\\p{L}\\p{N}]))?';
const YEAR = `${ERA_BEFORE}${NUMBER}${ERA_AFTER}`;
// After a plain year: the end of the sentence, punctuation, a capitalised word, or a word that starts a clause.
// Not a lowercase noun ("in 300 towns"), a unit, a decimal or a range.
const ENDS_YEAR =
  /^(?:$|[,;:)—]|\.(?!\d)|\s+(?:\p{Lu}|(?:the|when|after|before|he|she|it|they|his|her|its|their)\b))/u;

/**
 * The shapes, each with the numbers of its groups: day, month, and `year` (the era before it; the digits and the
 * era after are the next two). `explicit`: any number is a year; `eraOnly`: only a number with an era is.
 */
const PATTERNS: readonly {
  readonly regex: RegExp;
  readonly day?: number;
  readonly month?: number;
  readonly year: number;
  readonly explicit?: true;
  readonly eraOnly?: true;
}[] = [
  // "5 March 938", "5th of March 40 AD"
  { regex: new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}`, 'gu'), day: 1, month: 2, year: 3 },
  // "March 5, 938", "March 15, 44 BC"
  { regex: new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+${YEAR}`, 'gu'), month: 1, day: 2, year: 3 },
  // "March 938", "March of 40 AD"
  { regex: new RegExp(`\\b${MONTH},?\\s+(?:of\\s+)?${YEAR}`, 'gu'), month: 1, year: 2 },
  // "the year 938", "the year 40"
  { regex: new RegExp(`(?<=\\b[Tt]he\\s+year\\s+)${YEAR}`, 'gu'), year: 1, explicit: true },
  // "in 938", "since 1010", "40 AD", "AD 40", "479 BC"
  {
    regex: new RegExp(
      `(?<=\\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Tt]ill|[Bb]y|[Aa]round|[Cc]irca)\\s+)${YEAR}`,
      'gu',
    ),
    year: 1,
  },
  { regex: new RegExp(`\\b${YEAR}`, 'gu'), year: 1, eraOnly: true },
];

/**
 * The astronomical year of `digits` with its era, or null when it is not clearly a year: without an era it must
 * be a plain 3-digit number or a 4-digit one before 1600 (later ones are chrono's and {@link bareYearMentions}'s)
 * followed by {@link ENDS_YEAR}; `explicit` (after "the year") accepts any number.
 */
function yearOf(
  digits: string,
  eraBefore: string | undefined,
  eraAfter: string | undefined,
  explicit: boolean,
  plainOk: boolean,
): number | null {
  if (eraBefore && eraAfter) return null;
  const n = Number(digits);
  if (n === 0 || digits.startsWith('0')) return null;
  if (eraAfter?.startsWith('B')) return 1 - n;
  if (eraBefore || eraAfter || explicit) return n;
  if (!plainOk || n < 100 || n >= 1600) return null;
  return n;
}

function monthOf(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase() as (typeof MONTHS)[number]) + 1;
}

/** Dates with a year under 1000 or an era, each as a mention with its year (see the comment above). */
export function earlyYearMentions(sentence: string): Mention[] {
  const mentions: Mention[] = [];
  for (const pattern of PATTERNS) {
    for (const match of sentence.matchAll(pattern.regex)) {
      const at = (group: number | undefined) => (group === undefined ? undefined : match[group]);
      const digits = at(pattern.year + 1) as string;
      const eraBefore = at(pattern.year);
      const eraAfter = at(pattern.year + 2);
      const end = match.index + match[0].length;
      const plainOk = !pattern.eraOnly && ENDS_YEAR.test(sentence.slice(end));
      const year = yearOf(digits, eraBefore, eraAfter, pattern.explicit === true, plainOk);
      if (year === null) continue;
      const month = pattern.month === undefined ? undefined : monthOf(at(pattern.month) as string);
      const dayText = at(pattern.day);
      const day = dayText === undefined ? undefined : Number(dayText);
      if (day !== undefined && (day < 1 || day > 31)) continue;
      mentions.push({
        index: match.index,
        text: match[0],
        start: { year, ...(month !== undefined ? { month } : {}), ...(day !== undefined ? { day } : {}) },
        end: null,
        relative: null,
      });
    }
  }
  return mentions;
}
