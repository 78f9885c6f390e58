import { writeLibrary } from '../support/library-files.ts';

// An article whose metadata alone is longer than a message: a 3,000-character URL and a 1,000-character publisher.
export const LONG_URL = `https://example.com/${'long-path-segment/'.repeat(166)}end`.slice(0, 3000);
export const LONG_PUBLISHER = `The ${'Very '.repeat(198)}Long Wire`.slice(0, 1000);
export const LONG_TITLE = `River report: ${'water '.repeat(60)}`.trim();

/**
 * A data folder of two articles: `river` with the long metadata above, and `harbour` with short metadata
 * (Harbour news, https://example.com/harbour, Coast Gazette, 2024-03-01). Returns its path.
 */
export function writeLongMetadataLibrary(bodies: { river: string; harbour: string }): Promise<string> {
  return writeLibrary([
    {
      id: 'river',
      title: LONG_TITLE,
      url: LONG_URL,
      publisher: LONG_PUBLISHER,
      published: '2024-04-02',
      body: bodies.river,
    },
    {
      id: 'harbour',
      title: 'Harbour news',
      url: 'https://example.com/harbour',
      publisher: 'Coast Gazette',
      published: '2024-03-01',
      body: bodies.harbour,
    },
  ]);
}
