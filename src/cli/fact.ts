import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import { type DayState, readDayState } from '../daily/daily-store.ts';
import { EMPTY_DAY, factOfServerDay } from '../daily/fact-of-day.ts';
import { openConfiguredStore } from '../store/bot-store.ts';
import { openStore } from '../store/database.ts';
import { factLine, factToJson } from '../timeline/json.ts';
import { type CliCommand, printJson, UsageError } from './command.ts';
import { missingArticle } from './timeline.ts';

/**
 * A server's state for a day, read from the bot's database without changing it (empty when there is none): the
 * PostgreSQL one when `DATABASE_URL` is set (as the bot reads it), else the SQLite file.
 */
async function dayStateOf(
  database: { readonly url?: string | undefined; readonly path: string },
  guildId: string,
  localDate: string,
): Promise<DayState> {
  if (database.url) {
    const store = await openConfiguredStore({ databaseUrl: database.url, dbPath: database.path });
    try {
      return await store.daily.dayState(guildId, localDate);
    } finally {
      await store.close();
    }
  }
  const dbPath = database.path;
  if (!existsSync(dbPath)) return EMPTY_DAY;
  const store = openStore(dbPath, { readonly: true });
  try {
    return readDayState(store.db, guildId, localDate);
  } finally {
    store.close();
  }
}

export const factCommand: CliCommand = {
  name: 'fact',
  usage: '--date YYYY-MM-DD [--guild ID] [--db PATH]',
  summary:
    "the fact of that day, as /today shows it: the one already chosen for the server, else 'on this day' if any, else the next in the rotation",
  options: {
    date: { type: 'string', description: 'the day (YYYY-MM-DD)' },
    guild: {
      type: 'string',
      description: "use this server's rotation (read from the database, not changed)",
    },
    db: {
      type: 'string',
      description:
        "a SQLite database file (default: the bot's database: DATABASE_URL, else FOOTNOTE_DB_PATH)",
    },
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
    // --db names a SQLite file; without it, the bot's own database (DATABASE_URL, else FOOTNOTE_DB_PATH).
    const database =
      typeof args.values.db === 'string'
        ? { path: args.values.db }
        : { url: args.config.DATABASE_URL, path: args.config.FOOTNOTE_DB_PATH };
    const day: DayState = typeof guild === 'string' ? await dayStateOf(database, guild, date) : EMPTY_DAY;
    const library = await io.openLibrary(args);
    const { timeline } = library;
    // As /today: the fact already chosen that day, else the one the daily post would choose.
    const selection = factOfServerDay(timeline, day, date);
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
