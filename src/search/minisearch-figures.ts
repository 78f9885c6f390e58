import MiniSearch from 'minisearch';

/** MiniSearch's members that hold the figures; `protected`, its extension point for subclasses. */
class MiniSearchMembers<T> extends MiniSearch<T> {
  static of<T>(index: MiniSearch<T>) {
    const members = index as MiniSearchMembers<T>;
    return {
      index: members._index,
      documentIds: members._documentIds,
      idToShortId: members._idToShortId,
      fieldIds: members._fieldIds,
      fieldLength: members._fieldLength,
      averageFieldLength: members._avgFieldLength,
    };
  }
}

/**
 * Reads the figures BM25 needs (document frequencies, term frequencies per field, field lengths) from a built
 * or loaded MiniSearch index, which must not change afterwards. `tests/search/passage-index.test.ts` checks every
 * score against BM25F computed from the passages by brute force, so a MiniSearch release that changes its
 * layout fails there, not silently in a ranking.
 */
export class MiniSearchFigures {
  private readonly members: ReturnType<typeof MiniSearchMembers.of>;

  constructor(index: MiniSearch) {
    this.members = MiniSearchMembers.of(index as MiniSearch);
  }

  /** Field numbers by name, as MiniSearch assigned them. */
  fieldNumbers(): Readonly<Record<string, number>> {
    return this.members.fieldIds;
  }

  /** Average length in terms of each field (by field number). */
  averageFieldLengths(): readonly number[] {
    return this.members.averageFieldLength;
  }

  /** MiniSearch's internal number for a document id, or undefined when it is not indexed. */
  shortId(id: string): number | undefined {
    return this.members.idToShortId.get(id);
  }

  /** The document id behind an internal number. */
  documentId(shortId: number): string | undefined {
    return this.members.documentIds.get(shortId) as string | undefined;
  }

  /** Every indexed document as (internal number, id). */
  documents(): IterableIterator<[number, string]> {
    return this.members.documentIds.entries() as IterableIterator<[number, string]>;
  }

  /** Length in terms of each field of a document (by field number). */
  fieldLengths(shortId: number): readonly number[] {
    return this.members.fieldLength.get(shortId) ?? [];
  }

  /** The index terms within `maxDistance` edits of `term` (MiniSearch's own fuzzy lookup), with their distance. */
  termsNear(term: string, maxDistance: number): [string, number][] {
    return [...this.members.index.fuzzyGet(term, maxDistance)].map(([near, [, distance]]) => [
      near,
      distance,
    ]);
  }

  /** Per field number, the documents holding `term` and how often; undefined when no document has it. */
  postings(term: string): ReadonlyMap<number, ReadonlyMap<number, number>> | undefined {
    return this.members.index.get(term);
  }
}

/** In how many documents `term` occurs in any field (the union over fields, as BM25F's idf wants). */
export function documentFrequency(
  postings: ReadonlyMap<number, ReadonlyMap<number, number>> | undefined,
): number {
  if (!postings) return 0;
  const fields = [...postings.values()].sort((a, b) => b.size - a.size);
  const [largest, ...rest] = fields;
  if (!largest) return 0;
  let count = largest.size;
  const seen: ReadonlyMap<number, number>[] = [largest];
  for (const field of rest) {
    for (const document of field.keys()) {
      if (!seen.some((other) => other.has(document))) count++;
    }
    seen.push(field);
  }
  return count;
}
