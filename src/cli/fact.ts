import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import { readUsedFacts } from '../daily/store.ts';
import { dbPathFromEnv, openStore } from '../store/store.ts';
import { factLine, factToJson } from '../timeline/json.ts';
import { selectFact } from '../timeline/select.ts';
import { type CliCommand, printJson, UsageError } from './command.ts';
import { missingArticle } from './timeline.ts';

/** The rotation state of a server, read from the database without changing it (empty when there is none). */
function usedFactsOf(dbPath: string, guildId: string): Set<string> {
  if (!existsSync(dbPath)) return new Set();
  const store = openStore(dbPath, { readonly: true });
  try {
    return readUsedFacts(store.db, guildId);
  } finally {
    store.close();
  }
}

export const factCommand: CliCommand = {
  name: 'fact',
  usage: '--date YYYY-MM-DD [--guild ID] [--db PATH]',
  summary: "the fact that would be posted that day: 'on this day' if any, else the next in the rotation",
  options: {
    date: { type: 'string', description: 'the day (YYYY-MM-DD)' },
    guild: {
      type: 'string',
      description: "use this server's rotation (read from the database, not changed)",
    },
    db: { type: 'string', description: 'the database file (default: FOOTNOTE_DB_PATH or data/footnote.db)' },
  },
  async run(args, io) {
    const date = args.values.date;
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/u.test(date) || !DateTime.fromISO(date).isValid) {
      throw new UsageError('--date takes a calendar date, YYYY-MM-DD');
    }
    const guild = args.values.guild;
    if (guild !== undefined && (typeof guild !== 'string' || !/^\d{1,20}$/u.test(guild))) {
      throw new UsageError('--guild takes a server id (digits)');
    }
    const dbPath = typeof args.values.db === 'string' ? args.values.db : dbPathFromEnv();
    const used = typeof guild === 'string' ? usedFactsOf(dbPath, guild) : new Set<string>();
    const library = await io.openLibrary(args);
    const selection = selectFact(library.timeline.facts, used, date, library.timeline.search.onThisDay(date));
    if (!selection) {
      if (args.json) printJson(io, { fact: null });
      else io.err('No dated events in the library.\n');
      return 1;
    }
    const { fact } = selection;
    if (args.json) {
      printJson(io, {
        fact: factToJson(fact, library.articles.get(fact.articleId) ?? missingArticle(fact.articleId)),
      });
      return 0;
    }
    io.out(
      `${selection.reason === 'on-this-day' ? 'On this day' : 'Next in the rotation'}:\n${factLine(fact)}\n${fact.citation.link}\n`,
    );
    return 0;
  },
};
