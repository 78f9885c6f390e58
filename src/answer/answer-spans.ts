import type { AnswerKind } from './question.ts';
import type { Range } from './quote.ts';

/**
 * Where a sentence holds the kind of thing a question asks for: a number, a duration, a date, a name, a place, a
 * reason or a definition. Plain patterns over the text, meant to prefer one sentence over another, not to parse.
 */

const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|dozens|hundreds|thousands|millions|billions|half|a few|several|many)';
const NUMERAL = '(?:\\d[\\d,.]*(?:\\s?%|\\s?percent| per cent)?)';
const AMOUNT = `(?:${NUMERAL}|\\b${NUMBER_WORD}(?:[\\s-]+${NUMBER_WORD})*\\b)`;
const TIME_UNIT =
  '(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries|century|generations?)';
const YEAR = '(?:1[0-9]{3}|20[0-9]{2})(?:s\\b)?';
const ORDINAL = '(?:\\d{1,2}(?:st|nd|rd|th)?)';

// biome-ignore format: a table reads better packed
const PATTERNS: Readonly<Record<AnswerKind, readonly RegExp[]>> = {
  number: [new RegExp(`(?:\\$|£|€)?${AMOUNT}(?:\\s(?:${TIME_UNIT}|people|persons|students|members|times|km|kilometres|kilometers|miles|metres|meters|feet|tons|tonnes|dollars|euros|pounds))?`, 'giu')],
  duration: [
    new RegExp(`\\b${AMOUNT}[\\s-]+(?:${TIME_UNIT})\\b`, 'giu'),
    new RegExp(`\\b(?:${MONTH}\\s)?${ORDINAL}\\s?[-–—]\\s?${ORDINAL}(?:\\s${MONTH})?\\b`, 'gu'),
    // "from 2011 to 2015", "between March and May": both ends a date (not "between Vietnam and China").
    new RegExp(`\\b(?:from|between)\\s(?:${MONTH}\\s)?(?:${ORDINAL}|${YEAR}|${MONTH})[^.;]{0,25}?\\s(?:to|until|and|through)\\s(?:${MONTH}\\s)?(?:${YEAR}|${MONTH}|${ORDINAL})\\b`, 'gu'),
    new RegExp(`\\b(?:since|for)\\s(?:${YEAR}|${MONTH}|the past|the last|a long time|years|decades|months)\\b`, 'giu'),
  ],
  date: [
    new RegExp(`\\b(?:${WEEKDAY},?\\s)?(?:${MONTH}\\s${ORDINAL}(?:,?\\s${YEAR})?|${ORDINAL}\\s${MONTH}(?:,?\\s${YEAR})?|${MONTH},?\\s${YEAR}|${MONTH})\\b`, 'gu'),
    new RegExp(`\\b(?:in|by|since|until|from|before|after|during|around|circa|c\\.)?\\s?${YEAR}\\b`, 'gu'),
    /\b(?:the\s)?(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:teenth|tieth|th|st|nd|rd))\scentury\b/giu,
    /\b(?:yesterday|today|last (?:year|month|week|summer|winter|spring|autumn|fall)|this (?:year|month|week)|recently|early|late) ?/gu,
  ],
  person: [
    /\b(?:[A-Z][\p{L}\p{M}\p{N}'’.-]*[\p{L}\p{M}\p{N}]|[A-Z]\.)(?:\s(?:(?:de|da|van|von|der|bin|al|la|le|of|the)\s)?(?:[A-Z][\p{L}\p{M}\p{N}'’.-]*[\p{L}\p{M}\p{N}]|[A-Z]\.))*(?![\p{L}\p{M}\p{N}])/gu,
    /\b(?:lecturers?|teachers?|professors?|presidents?|ministers?|secretar(?:y|ies)|leaders?|directors?|officials?|organi[sz]ations?|groups?|committees?|government|agency|agencies|ministry|company|companies|police|army|party|authorities|scholars?|experts?|researchers?|journalists?|activists?|members?|founders?|king|queen|emperor|singer|writer|author|composer)\b/giu,
  ],
  place: [
    /\b(?:in|at|from|to|near|into|across|throughout|outside|inside)\s(?:the\s)?(?:[A-Z][\p{L}\p{M}\p{N}'’.-]*[\p{L}\p{M}\p{N}])(?:\s(?:of\s)?[A-Z][\p{L}\p{M}\p{N}'’.-]*[\p{L}\p{M}\p{N}])*(?![\p{L}\p{M}\p{N}])/gu,
    /\b(?:city|cities|country|countries|province|region|capital|village|town|district|state|continent|island|border|coast)\b/giu,
  ],
  reason: [
    /\b(?:because(?: of)?|due to|owing to|as a result(?: of)?|in order to|so that|so as to|for fear|thanks to|caused by|the reason|reasons?|therefore|thus|aims? to|aimed at|in response to|to (?:prevent|avoid|protect|ensure|promote|strengthen|counter|stop|help))\b/giu,
  ],
  statement: [
    /[“"][^”"\n]{3,300}[”"]/gu,
    /\b(?:warn(?:s|ed|ing|ings)?|said|says|stated|states|declared|announced|urged|called (?:for|on)|criticized|criticised|accused|condemned|according to|insisted|argued|claimed|believes?|believed|described)\b/giu,
  ],
  definition: [
    /\b(?:means?|meaning|refers? to|defined as|known as|called|i\.e\.|that is|in other words|a term for|is a|is an|are a|is the|are the)\b/giu,
    /[:(“"]/gu,
  ],
};

/** Month and weekday names begin with a capital letter but are not names of people or places. */
const NOT_NAMES = new RegExp(
  `^(?:${MONTH}|${WEEKDAY}|The|A|An|In|On|At|It|This|That|These|Those|He|She|They|We|I|But|And|Or|If|When|While|As|For|By|To|Of)$`,
  'u',
);

/**
 * Spans of `text` that could answer a question asking for `kind`, leaving out those made only of the question's
 * own words (`isQuestionWord` says whether a span of `text` is): "Directive 24" does not answer "Who obtained
 * Directive 24?".
 */
export function answerSpans(
  text: string,
  kind: AnswerKind,
  isQuestionWord: (range: Range) => boolean,
  sentenceStart = 0,
): Range[] {
  const spans: Range[] = [];
  for (const pattern of PATTERNS[kind]) {
    for (const match of text.matchAll(pattern)) {
      const value = match[0].trim();
      if (value.length === 0) continue;
      const start = match.index + match[0].indexOf(value);
      const range = { start, end: start + value.length };
      if (kind === 'person' && pattern === PATTERNS.person[0]) {
        // A capitalised word that starts the sentence is not a name by that alone; nor are months and weekdays.
        if (start === sentenceStart && !value.includes(' ')) continue;
        if (value.split(/\s+/u).every((word) => NOT_NAMES.test(word))) continue;
      }
      if (isQuestionWord(range)) continue;
      spans.push(range);
    }
  }
  const answers = kind === 'number' ? withoutDates(text, spans) : spans;
  return answers.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A day of a month ("September 25"), a bare year ("2011") or a range of days is a date, not "how many". */
const DATE_PARTS = new RegExp(
  `\\b(?:${MONTH}\\s${ORDINAL}(?:\\s?[-–—]\\s?${ORDINAL})?|${ORDINAL}(?:\\s?[-–—]\\s?${ORDINAL})?\\s${MONTH}|${YEAR})\\b`,
  'gu',
);

function withoutDates(text: string, spans: readonly Range[]): Range[] {
  const dates = [...text.matchAll(DATE_PARTS)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const digits = (range: Range) => text.slice(range.start, range.end).replace(/[^\d]/gu, '');
  return spans.filter(
    (span) =>
      !dates.some(
        (date) =>
          span.start < date.end &&
          date.start < span.end &&
          // Only the date's own digits: "2,000 officials in 2011" keeps "2,000".
          digits(span) !== '' &&
          text.slice(date.start, date.end).replace(/[^\d]/gu, '').includes(digits(span)),
      ),
  );
}
