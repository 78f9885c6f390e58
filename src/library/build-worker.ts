/**
 * The build worker thread: reads and parses the articles, splits them into passages and extracts the timeline,
 * and hands the results over a message at a time (see {@link BuildReply}). Everything that grows with the
 * library happens here, off the bot's event loop. The thread stays for the next build (a reload): its code is
 * loaded and warm, and it keeps each article's facts, so a reload extracts only those of changed articles.
 */
import { parentPort } from 'node:worker_threads';
import type { Passage } from '../corpus/types.ts';
import { Acronyms } from '../search/acronyms.ts';
import { TitleWords } from '../search/title-words.ts';
import { FactCache } from '../timeline/fact-cache.ts';
import {
  type FactCacheFileStatus,
  readFactCacheFile,
  writeFactCacheFile,
} from '../timeline/fact-cache-file.ts';
import { factKeys } from '../timeline/fact-search.ts';
import { type BuildReply, type BuildRequest, inMessages } from './build-protocol.ts';
import { readLibraryContents } from './contents.ts';

const port = parentPort;
if (!port) throw new Error('library: build-worker.ts runs as a worker thread');

const facts = new FactCache();
/** The saved facts file this worker has read (once, at its first build with one). */
let restoredFrom: string | undefined;
let asked = 0;
let wake: (() => void) | undefined;

/** Sends one message once the receiver has asked for it. */
async function send(reply: BuildReply): Promise<void> {
  while (asked === 0) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
  asked--;
  port?.postMessage(reply);
}

/** A passage's weight in a message: its objects, at about 64 bytes each. */
const passageSize = (passage: Passage): number => 64 * (1 + passage.sentences.length);

/** Reads the saved facts at the first build with `file` (a new process), so only changed articles are extracted. */
async function restoreSaved(file: string | undefined): Promise<FactCacheFileStatus | 'kept' | 'none'> {
  if (file === undefined) return 'none';
  if (restoredFrom === file) return 'kept';
  restoredFrom = file;
  const saved = await readFactCacheFile(file);
  facts.restore(saved.entries);
  return saved.status;
}

async function build(articlesDir: string, factsFile: string | undefined): Promise<void> {
  const saved = restoreSaved(factsFile);
  saved.catch(() => undefined);
  const contents = await readLibraryContents(articlesDir);
  for (const articles of inMessages(contents.articles, (article) => article.body.length + 256))
    await send({ type: 'articles', articles });
  const passages = [...contents.passagesByArticle.values()].flat();
  for (const batch of inMessages(passages, passageSize)) {
    await send({ type: 'passages', passages: batch.map(({ text: _text, ...passage }) => passage) });
  }
  const acronyms = Acronyms.build(contents.articles.flatMap((article) => [article.title, article.body]));
  const titleWords = TitleWords.build(contents.articles.map((article) => article.title));
  await send({
    type: 'contents-end',
    problems: contents.problems,
    acronyms: acronyms.toJSON(),
    titleWords: titleWords.toJSON(),
  });
  // The receiver builds the index meanwhile (in its search worker), so the two run side by side.
  const savedStatus = await saved;
  const timeline = facts.timeline(contents.articles, contents.passagesByArticle);
  let saveError: string | undefined;
  if (factsFile !== undefined && (facts.changed || (savedStatus !== 'loaded' && savedStatus !== 'kept'))) {
    // Before the facts are sent: the next start (or another shard) finds this build's facts.
    await writeFactCacheFile(factsFile, facts.entries()).catch((error: unknown) => {
      saveError = error instanceof Error ? error.message : String(error);
    });
  }
  for (const batch of inMessages(timeline.facts, (fact) => 2 * fact.sentence.length + 256))
    await send({ type: 'facts', facts: batch, keys: batch.map(factKeys) });
  await send({
    type: 'facts-end',
    extracted: timeline.extracted,
    saved: savedStatus,
    ...(saveError === undefined ? {} : { saveError }),
  });
}

port.on('message', (request: BuildRequest) => {
  if (request.type === 'next') {
    asked++;
    wake?.();
    return;
  }
  // The receiver starts a build only once the one before has ended.
  asked = 0;
  build(request.articlesDir, request.factsFile).catch((error: unknown) => {
    port.postMessage({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies BuildReply);
  });
});
