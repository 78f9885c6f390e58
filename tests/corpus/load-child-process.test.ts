import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load.ts';
import { folderWith, GOOD } from './load-fixtures.ts';

// The cases of tests/corpus/load.test.ts that need a child process (mkfifo; a load under `ulimit -n 100`):
// they run with the end-to-end tests (`npm run test:e2e`), the rest with the unit tests.

/** A valid article file with its own URL. */
function article(slug: string): string {
  return GOOD.replace('https://example.org/good', `https://example.org/${slug}`);
}

/** Listens on a Unix socket at `path`: a directory entry that opening as a file refuses (ENXIO). */
async function listenOn(path: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return server;
}

describe('bad entries in the articles folder', () => {
  describe('reported and skipped, the rest loads', () => {
    it.skipIf(process.platform === 'win32')(
      'a named pipe and a socket, without waiting on either',
      async () => {
        const dataDir = await folderWith({ 'good.md': article('good') });
        const dir = join(dataDir, 'articles');
        await promisify(execFile)('mkfifo', [join(dir, 'pipe.md')]);
        const server = await listenOn(join(dir, 'socket.md'));
        try {
          const { articles, problems } = await loadArticles(dir);
          expect(articles.map((a) => a.id)).toEqual(['good']);
          expect(problems.map((p) => [p.file.split('/').at(-1), p.message])).toEqual([
            ['pipe.md', 'not a regular file but a pipe, socket or device'],
            ['socket.md', 'not a regular file but a pipe, socket or device'],
          ]);
        } finally {
          server.close();
        }
      },
      5_000,
    );
  });

  describe('many files', () => {
    it.skipIf(process.platform === 'win32')(
      'loads 2,000 files under an open-file limit of 100',
      async () => {
        const files = Object.fromEntries(
          Array.from({ length: 2000 }, (_, i) => [`a${i}.md`, article(`a${i}`)] as const),
        );
        const dir = join(await folderWith(files), 'articles');
        const { stdout } = await promisify(execFile)(
          'sh',
          ['-c', 'ulimit -n 100 && exec "$0" "$@"', process.execPath, '--import', 'tsx', CHILD, dir],
          { cwd: join(import.meta.dirname, '..', '..') },
        );
        expect(JSON.parse(stdout)).toEqual({ articles: 2000, problems: 0 });
      },
      20_000,
    );
  });
});

const CHILD = join(import.meta.dirname, 'fixtures', 'load-child.ts');
