/**
 * A compact inverted index: one posting list per term (passage numbers ascending, each with its precomputed
 * BM25F impact) in flat typed arrays, scored term-at-a-time into a reused accumulator. Everything that shapes a
 * score (fields, boosts, k1, b, idf) is fixed at build time, so a query is one addition per posting.
 */

/** A passage as the postings see it: its text per field, in the order of {@link PostingsSpec.fields}. */
export interface PostingsDocument {
  readonly fields: readonly string[];
}

/** How documents become postings and impacts. */
export interface PostingsSpec {
  /** Per field, its weight in BM25F (a term in the title counts `boost` times a term in the text). */
  readonly boosts: readonly number[];
  /** BM25 term-frequency saturation. */
  readonly k1: number;
  /** BM25 length normalisation (0: none, 1: full). */
  readonly b: number;
  /** BM25+ lower bound of a matching term's contribution, as a share of its idf. */
  readonly d: number;
}

/** The flat arrays an index is made of; what is saved and loaded. */
export interface PostingsData {
  readonly documentCount: number;
  /** Terms in term-number order. */
  readonly terms: readonly string[];
  /** Term t's postings are `docs[offsets[t] .. offsets[t+1])`. */
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly impacts: Float32Array;
}

/** BM25 inverse document frequency, as Lucene computes it (never negative). */
export function bm25Idf(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** A Uint32Array that grows as values are pushed. */
class GrowableUint32 {
  array = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new Uint32Array(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
}

/**
 * Builds postings for `documents` with `analyze` turning a field's text into index terms (null = dropped).
 * Two passes: a forward index (term, field, tf per document) with lengths and document frequencies, then
 * the postings in document order with their BM25F impacts.
 */
export function buildPostings(
  documents: Iterable<PostingsDocument>,
  spec: PostingsSpec,
  analyze: (text: string) => readonly string[],
): PostingsData {
  const fieldCount = spec.boosts.length;
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const forwardTerm = new GrowableUint32();
  const forwardFieldTf = new GrowableUint32(); // field in the low 4 bits, tf above
  const forwardStart = new GrowableUint32();
  const lengths = new GrowableUint32(); // documentCount × fieldCount
  const frequency = new GrowableUint32(); // per term
  const lastSeen = new GrowableUint32(); // per term: 1 + the last document it was counted in
  let documentCount = 0;
  const counts = new Map<number, number>();
  for (const document of documents) {
    forwardStart.push(forwardTerm.length);
    for (let field = 0; field < fieldCount; field++) {
      const words = analyze(document.fields[field] ?? '');
      lengths.push(words.length);
      counts.clear();
      for (const word of words) {
        let id = termIds.get(word);
        if (id === undefined) {
          id = terms.length;
          termIds.set(word, id);
          terms.push(word);
          frequency.push(0);
          lastSeen.push(0);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, tf] of counts) {
        forwardTerm.push(id);
        forwardFieldTf.push((tf << 4) | field);
        if (lastSeen.array[id] !== documentCount + 1) {
          lastSeen.array[id] = documentCount + 1;
          frequency.array[id] = (frequency.array[id] as number) + 1;
        }
      }
    }
    documentCount++;
  }
  forwardStart.push(forwardTerm.length);

  const averageLength = new Float64Array(fieldCount);
  for (let i = 0; i < documentCount * fieldCount; i++) {
    averageLength[i % fieldCount] = (averageLength[i % fieldCount] as number) + (lengths.array[i] as number);
  }
  for (let field = 0; field < fieldCount; field++) {
    averageLength[field] = Math.max(1e-9, (averageLength[field] as number) / Math.max(1, documentCount));
  }

  const termCount = terms.length;
  const offsets = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++)
    offsets[t + 1] = (offsets[t] as number) + (frequency.array[t] as number);
  const total = offsets[termCount] as number;
  const docs = new Uint32Array(total);
  const impacts = new Float32Array(total);
  const cursor = offsets.slice(0, termCount);
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) idf[t] = bm25Idf(frequency.array[t] as number, documentCount);

  const weighted = new Float64Array(termCount);
  const touched: number[] = [];
  for (let doc = 0; doc < documentCount; doc++) {
    touched.length = 0;
    for (let e = forwardStart.array[doc] as number; e < (forwardStart.array[doc + 1] as number); e++) {
      const id = forwardTerm.array[e] as number;
      const packed = forwardFieldTf.array[e] as number;
      const field = packed & 15;
      const tf = packed >>> 4;
      const norm =
        1 -
        spec.b +
        (spec.b * (lengths.array[doc * fieldCount + field] as number)) / (averageLength[field] as number);
      if (weighted[id] === 0) touched.push(id);
      weighted[id] = (weighted[id] as number) + ((spec.boosts[field] as number) * tf) / norm;
    }
    for (const id of touched) {
      const tfw = weighted[id] as number;
      weighted[id] = 0;
      if (tfw <= 0) continue;
      const position = cursor[id] as number;
      cursor[id] = position + 1;
      docs[position] = doc;
      impacts[position] = (idf[id] as number) * (spec.d + (tfw * (spec.k1 + 1)) / (tfw + spec.k1));
    }
  }
  return { documentCount, terms, offsets, docs, impacts };
}

/** One scored document. */
export interface Scored {
  readonly doc: number;
  readonly score: number;
}

/** Scores queries against postings; not re-entrant (one accumulator, reused), which JavaScript never needs. */
export class PostingsSearcher {
  private readonly termIds: Map<string, number>;
  private accumulator: Float64Array | null = null;
  private touched: Uint32Array | null = null;

  constructor(readonly data: PostingsData) {
    this.termIds = new Map(data.terms.map((term, id) => [term, id]));
  }

  /** The term's number, or undefined when no document has it. */
  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** How many documents have the term. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : (this.data.offsets[id + 1] as number) - (this.data.offsets[id] as number);
  }

  /** Whether document `doc` has term number `id` (binary search in its postings). */
  hasTerm(id: number, doc: number): boolean {
    const { offsets, docs } = this.data;
    let low = offsets[id] as number;
    let high = (offsets[id + 1] as number) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = docs[middle] as number;
      if (value === doc) return true;
      if (value < doc) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /**
   * The `limit` best documents for the sum of the terms' impacts, best first (ties: earlier document first),
   * among those `accept` lets through.
   */
  topK(terms: readonly string[], limit: number, accept?: (doc: number) => boolean): Scored[] {
    const { offsets, docs, impacts, documentCount } = this.data;
    if (limit <= 0 || documentCount === 0) return [];
    this.accumulator ??= new Float64Array(documentCount);
    this.touched ??= new Uint32Array(documentCount);
    const accumulator = this.accumulator;
    const touched = this.touched;
    let touchedCount = 0;
    for (const term of new Set(terms)) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const end = offsets[id + 1] as number;
      for (let i = offsets[id] as number; i < end; i++) {
        const doc = docs[i] as number;
        const before = accumulator[doc] as number;
        if (before === 0) touched[touchedCount++] = doc;
        accumulator[doc] = before + (impacts[i] as number);
      }
    }
    const heap = new TopK(limit);
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] as number;
      const score = accumulator[doc] as number;
      accumulator[doc] = 0;
      if (heap.admits(score, doc) && (accept === undefined || accept(doc))) heap.push(score, doc);
    }
    return heap.sorted();
  }
}

/** A bounded min-heap keeping the best `capacity` (score, doc) pairs; a lower doc wins a tie. */
class TopK {
  private readonly scores: Float64Array;
  private readonly docs: Uint32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.docs = new Uint32Array(capacity);
  }

  /** a ranks below b. */
  private static worse(scoreA: number, docA: number, scoreB: number, docB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && docA > docB);
  }

  admits(score: number, doc: number): boolean {
    return (
      this.size < this.capacity || TopK.worse(this.scores[0] as number, this.docs[0] as number, score, doc)
    );
  }

  push(score: number, doc: number): void {
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >>> 1;
        if (!TopK.worse(score, doc, this.scores[parent] as number, this.docs[parent] as number)) break;
        this.scores[i] = this.scores[parent] as number;
        this.docs[i] = this.docs[parent] as number;
        i = parent;
      }
      this.scores[i] = score;
      this.docs[i] = doc;
      return;
    }
    // Replace the root (the worst kept) and sift down.
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      let child = left;
      if (
        right < this.size &&
        TopK.worse(
          this.scores[right] as number,
          this.docs[right] as number,
          this.scores[left] as number,
          this.docs[left] as number,
        )
      ) {
        child = right;
      }
      if (!TopK.worse(this.scores[child] as number, this.docs[child] as number, score, doc)) break;
      this.scores[i] = this.scores[child] as number;
      this.docs[i] = this.docs[child] as number;
      i = child;
    }
    this.scores[i] = score;
    this.docs[i] = doc;
  }

  sorted(): Scored[] {
    const result: Scored[] = [];
    for (let i = 0; i < this.size; i++)
      result.push({ doc: this.docs[i] as number, score: this.scores[i] as number });
    return result.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
