// Starts a TypeScript worker thread: the bot runs TypeScript through tsx, whose loader worker threads do not
// inherit. `workerData.entry` is the module to run.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
