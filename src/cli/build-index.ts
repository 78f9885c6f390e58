import { rm } from 'node:fs/promises';
import { defaultIndexFile } from '../library.ts';
import { type CliCommand, printJson } from './command.ts';
import { statsToJson } from './stats.ts';

export const buildIndexCommand: CliCommand = {
  name: 'build-index',
  usage: '',
  summary: 'rebuild and save the search index now',
  async run(args, io) {
    // Removing the saved index makes opening the library build and save a fresh one.
    await rm(defaultIndexFile(args.dataDir), { force: true });
    const library = await io.openLibrary(args);
    const json = statsToJson(library);
    if (args.json) printJson(io, json);
    else
      io.out(
        `built the index: ${json.passages} passages of ${json.articles} articles in ${json.build_ms} ms\n`,
      );
    return 0;
  },
};
