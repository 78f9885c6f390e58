/**
 * Reading a question: its question words say what kind of answer to prefer (a number, a duration, a date, a
 * person, a place, a reason, a definition); they are not what the question is about.
 */

/** The kind of answer a question asks for. */
export type AnswerKind =
  | 'number'
  | 'duration'
  | 'date'
  | 'person'
  | 'place'
  | 'reason'
  | 'definition'
  | 'statement';

export interface QuestionReading {
  /** The question with contractions written out ("don't" → "do not"). */
  readonly text: string;
  /**
   * What the question is about: `text` without the words that only say what kind of answer it wants ("how many",
   * "what year", "what is the name of"): they are not content to look for.
   */
  readonly content: string;
  /** What kind of answer it asks for, or null when its words do not say ("what happened at …?"). */
  readonly kind: AnswerKind | null;
  /**
   * What the answer must be about: for a definition, the words to be defined ("sinocize" in "what does sinocize
   * mean?"); for a statement, what was said about ("foreign influence" in "what did the party say about foreign
   * influence?"). A library with none of its words does not hold the answer.
   */
  readonly subject?: string;
  /**
   * Words of `content` that half say what kind of answer is wanted: "last" in "how long did the training last?"
   * asks for a duration, but a passage may say "lasted two minutes". They stay content, at a lower weight.
   */
  readonly soft: readonly string[];
}

// biome-ignore format: a table reads better packed
const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwon['’]t\b/giu, 'will not'], [/\bcan['’]t\b/giu, 'cannot'], [/\bshan['’]t\b/giu, 'shall not'],
  [/\bain['’]t\b/giu, 'is not'], [/n['’]t\b/giu, ' not'], [/['’]re\b/giu, ' are'], [/['’]ve\b/giu, ' have'],
  [/['’]ll\b/giu, ' will'], [/['’]d\b/giu, ' would'], [/\bi['’]m\b/giu, 'I am'],
  [/\b(what|who|where|when|why|how|that|there|it|he|she)['’]s\b/giu, '$1 is'],
];

/** Writes out English contractions: "don't" → "do not", "who's" → "who is", "they're" → "they are". */
export function expandContractions(text: string): string {
  return CONTRACTIONS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/** Question openings and the answer kind each asks for, tried in order (the first that matches wins). */
// biome-ignore format: a table reads better packed
const KIND_PATTERNS: ReadonlyArray<readonly [RegExp, AnswerKind]> = [
  [/\bhow long\b|\bfor how many (?:years|months|weeks|days|hours|minutes)\b|\bwhat (?:was|is) the duration\b/u, 'duration'],
  [/\bhow (?:many|much|old|far|big|large|tall|high|deep|wide|heavy|fast)\b|\bwhat (?:percentage|percent|proportion|number|amount)\b|\bwhat is the (?:population|size|number)\b/u, 'number'],
  [/\bwhen\b|\bwhat (?:year|date|day|month|time|century|decade|era|period)\b|\bwhich (?:year|date|day|month|century|decade)\b|\bwhat age\b/u, 'date'],
  [/\bwhy\b|\bwhat (?:is|was|were|are) the (?:reason|cause|purpose)s?\b|\bfor what (?:reason|purpose)\b|\bwhat (?:caused|causes|led to|motivated)\b|\bhow come\b/u, 'reason'],
  [/\bwhere\b|\bwhat (?:country|city|town|place|region|state|continent|area|location|province|county|street)\b|\bwhich (?:country|city|town|place|region|state|continent|area|location|province|county|street)\b|\bin what (?:country|city|town|place|region|state)\b/u, 'place'],
  [/\bwhat (?:did|does|do|has|have|had|will|would) (?:.+ )?(?:(?:say|think|feel|believe|warn)s? (?:about|of|on|regarding)\b|(?:say|warn)s?\s*\??$)/u, 'statement'],
  [/\bwho\b|\bwhom\b|\bwhose\b|\bwhat (?:person|people|group|organi[sz]ation|company|band|team|party)\b|\bwhich (?:person|people|group|organi[sz]ation|company|band|team|party)\b/u, 'person'],
];

const DEFINITION_PATTERNS: readonly RegExp[] = [
  /\bwhat (?:does|do|did) (?:the (?:word|term|phrase) )?["“']?(.+?)["”']? (?:mean|stand for|refer to)\b/u,
  /\bwhat is (?:meant by|the meaning of|the definition of) (?:the (?:word|term|phrase) )?["“']?(.+?)["”']?\s*\??$/u,
  /\b(?:define|definition of) ["“']?(.+?)["”']?\s*\??$/u,
  /\bwhat (?:is|are) (?:an? )?["“'](.+?)["”']\s*\??$/u,
];

/** What a statement question asks was said about: "… say about *foreign influence*?". */
const STATEMENT_SUBJECT =
  /\b(?:say|says|said|think|thinks|thought|feel|feels|felt|believe|believes|believed|warn|warns|warned) (?:about|of|on|regarding) (.+?)\s*\??$/iu;

/** Words that only say what kind of answer is wanted. */
// biome-ignore format: a list reads better packed
const ANSWER_KIND_PHRASES: readonly RegExp[] = [
  /\bhow (?:many|much|long|old|far|big|large|tall|high|deep|wide|heavy|fast|often|come)\b/giu,
  /\b(?:what|which|in what|for what) (?:year|years|date|day|month|century|decade|time|kind|kinds|type|types|sort|sorts|name|names|number|amount|percentage|percent|reason|purpose)\b(?: of\b)?/giu,
  /\bwhat (?:is|was|were|are) the (?:name|names|number|amount|reason|cause|purpose|meaning|definition|duration)s?\b(?: of\b)?/giu,
  /\bthe name of\b/giu,
  // "What does the article say about X?" asks the library itself: "article" is not a word to look for.
  /\b(?:the|this|that|these|those|your|an?|any) (?:articles?|stor(?:y|ies)|pieces?|library|texts?|sources?)\b(?= (?:say|says|said|mentions?|mentioned|tells?|told)\b)/giu,
  // "What did the party say about X?" asks for what was said: the party and X are what it is about.
  /\b(?:say|says|said|think|thinks|thought|feel|feels|felt)(?= (?:about|of|on|regarding)\b)/giu,
  /(?<=\bwhat\b.*)\b(?:say|says|said|think|thinks|thought|feel|feels|felt)\s*\??$/giu,
  /\b(?:mean|means|meant|stand for|refer to)\s*\??$/giu,
];

/** Words that half say what kind of answer is wanted (see {@link QuestionReading.soft}). */
const SOFT_WORDS: readonly RegExp[] = [/(?<=\bhow long\b.*)\b(?:last|lasts|lasted|take|takes|took)\b/giu];

/** Reads what kind of answer a question asks for (see {@link QuestionReading}). */
export function readQuestion(question: string): QuestionReading {
  const text = expandContractions(question);
  const lower = text.toLowerCase();
  const content = ANSWER_KIND_PHRASES.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
  const soft = SOFT_WORDS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
  for (const pattern of DEFINITION_PATTERNS) {
    const subject = pattern.exec(lower)?.[1]?.trim();
    if (subject) return { text, content, kind: 'definition', subject, soft };
  }
  for (const [pattern, kind] of KIND_PATTERNS) {
    if (!pattern.test(lower)) continue;
    // As written: "NYC" is read as the name it stands for only in capitals.
    const subject = kind === 'statement' ? STATEMENT_SUBJECT.exec(text)?.[1]?.trim() : undefined;
    return subject ? { text, content, kind, subject, soft } : { text, content, kind, soft };
  }
  return { text, content, kind: null, soft };
}
