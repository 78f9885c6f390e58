/**
 * The search worker thread: receives the passages, loads (or builds and saves) their index, then answers
 * searches by message. Everything that grows with the library happens here, off the bot's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IndexedPassage, IndexOptions, PassageIndex } from './passage-index.ts';
import { figuresOf, searchIndex } from './passage-search.ts';
import { loadOrBuildIndex } from './saved-index.ts';
import type { WorkerReply, WorkerRequest } from './search-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('search: search-worker.ts runs as a worker thread');
const { file, options } = workerData as { file: string; options: IndexOptions };

function reply(message: WorkerReply): void {
  port?.postMessage(message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const passages: IndexedPassage[] = [];
let index: PassageIndex | undefined;

async function open(): Promise<void> {
  try {
    const loaded = await loadOrBuildIndex(file, passages, options, (error) =>
      reply({ type: 'save-failed', message: messageOf(error) }),
    );
    index = loaded.index;
    passages.length = 0;
    reply({ type: 'ready', origin: loaded.origin });
  } catch (error) {
    reply({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'passages') {
    for (const passage of request.passages) passages.push(passage);
    return;
  }
  if (request.type === 'passages-end') {
    void open();
    return;
  }
  try {
    if (!index) throw new Error('search: the index is not open');
    const value =
      request.type === 'search'
        ? searchIndex(index, request.terms, request.request)
        : figuresOf(index, request.terms);
    reply({ type: 'result', id: request.id, value });
  } catch (error) {
    reply({ type: 'error', id: request.id, message: messageOf(error) });
  }
});
