/*
 * Acronyms a question uses for names the library writes out: "NYC" for "New York City", "CPV" for "Communist
 * Party of Vietnam". The library's names of several capitalised words are read once, when it is built; an
 * all-capitals question word the library never writes is read as the name whose initials it is.
 */

/** Small words that may stand inside a name without giving it a letter ("Party of Vietnam", "Bank for ..."). */
const JOINERS: ReadonlySet<string> = new Set(['of', 'and', 'for', 'the', 'de', 'du', 'on', '&']);
/** Names of this many capitalised words at most give an acronym. */
const MAX_NAME_WORDS = 6;
/** A name must be written this often in the library for its initials to be read as it. */
const MIN_NAME_COUNT = 2;

const WORD = /[\p{L}\p{N}&]+(?:['’][\p{L}]+)*/gu;
const CAPITALISED = /^\p{Lu}\p{Ll}/u;
/** An acronym as asked: two to six capital letters ("NYC", "NYPD"), without dots. */
const ACRONYM = /^\p{Lu}{2,6}$/u;
/*
 * The library is read with Latin letters only (and without Unicode property classes, which read 52 MB of text at a
 * fifth of the speed): acronyms and the initials of names that make them are Latin capitals.
 */
/** An acronym as written in the library. */
const WRITTEN_ACRONYM = /\b[A-Z]{2,6}\b/g;
const CAPITALISED_WORD = String.raw`\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ0-9]*(?:['’][A-Za-zÀ-ÖØ-öø-ÿ]+)?`;
/** Two or more capitalised words with only spaces and joining words between them. */
const NAME_RUN = new RegExp(
  `${CAPITALISED_WORD}(?:\\s+(?:(?:${[...JOINERS].join('|')})\\s+)*${CAPITALISED_WORD})+`,
  'g',
);

/**
 * The names of two to {@link MAX_NAME_WORDS} capitalised words in a text, as written, with their initials in
 * lower case: every run of capitalised words (small joining words allowed inside), and every stretch of such a
 * run ("In New York City" gives "New York City", "York City", ...), since a run's first word may only open the
 * sentence.
 */
export function* capitalisedNames(
  text: string,
): Generator<{ readonly initials: string; readonly name: string }> {
  for (const run of text.matchAll(NAME_RUN)) {
    const capitals = [...run[0].matchAll(WORD)]
      .filter((word) => CAPITALISED.test(word[0]))
      .map((word) => ({
        start: run.index + word.index,
        end: run.index + word.index + word[0].length,
        word: word[0],
      }));
    for (let i = 0; i < capitals.length; i++) {
      for (let j = i + 1; j < Math.min(capitals.length, i + MAX_NAME_WORDS); j++) {
        const first = capitals[i];
        const last = capitals[j];
        if (!first || !last) continue;
        yield {
          initials: capitals
            .slice(i, j + 1)
            .map((entry) => entry.word[0]?.toLowerCase())
            .join(''),
          name: text.slice(first.start, last.end),
        };
      }
    }
  }
}

/** An acronym table as plain data, to send between threads. */
export interface AcronymsData {
  readonly names: readonly (readonly [string, string])[];
  readonly written: readonly string[];
}

/** An acronym table built a batch of texts at a time (see {@link Acronyms.builder}). */
export interface AcronymsBuilder {
  add(texts: Iterable<string>): void;
  finish(): Acronyms;
}

/** The library's names by their initials, and the all-capitals words it writes itself. */
export class Acronyms {
  private constructor(
    private readonly names: ReadonlyMap<string, string>,
    private readonly written: ReadonlySet<string>,
  ) {}

  static build(texts: Iterable<string>): Acronyms {
    const builder = Acronyms.builder();
    builder.add(texts);
    return builder.finish();
  }

  /** The table as plain data, to send between threads. */
  toJSON(): AcronymsData {
    return { names: [...this.names], written: [...this.written] };
  }

  static fromJSON(data: AcronymsData): Acronyms {
    return new Acronyms(new Map(data.names), new Set(data.written));
  }

  /** Counts names a batch of texts at a time; the most written name of each set of initials wins. */
  static builder(): AcronymsBuilder {
    const counts = new Map<string, Map<string, number>>();
    const written = new Set<string>();
    return {
      add(texts) {
        for (const text of texts) {
          for (const match of text.matchAll(WRITTEN_ACRONYM)) written.add(match[0]);
          for (const { initials, name } of capitalisedNames(text)) {
            let byName = counts.get(initials);
            if (!byName) {
              byName = new Map();
              counts.set(initials, byName);
            }
            byName.set(name, (byName.get(name) ?? 0) + 1);
          }
        }
      },
      finish() {
        const names = new Map<string, string>();
        for (const [initials, byName] of counts) {
          let best: [string, number] | undefined;
          for (const entry of byName) if (!best || entry[1] > best[1]) best = entry;
          if (best && best[1] >= MIN_NAME_COUNT) names.set(initials, best[0]);
        }
        return new Acronyms(names, written);
      },
    };
  }

  /** The name an acronym of the question stands for ("NYC" → "New York City"), unless the library writes it itself. */
  expand(word: string): string | undefined {
    if (!ACRONYM.test(word) || this.written.has(word)) return undefined;
    return this.names.get(word.toLowerCase());
  }

  /** The question with each acronym the library does not write read as its name, and what was read as what. */
  read(question: string): { readonly text: string; readonly readAs: { asked: string; read: string }[] } {
    const readAs: { asked: string; read: string }[] = [];
    const text = question.replace(WORD, (word) => {
      const name = this.expand(word);
      if (name === undefined) return word;
      if (!readAs.some((entry) => entry.asked === word)) readAs.push({ asked: word, read: name });
      return name;
    });
    return { text, readAs };
  }
}
