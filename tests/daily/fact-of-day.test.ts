import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli/run.ts';
import { todaysFact } from '../../src/discord/daily-commands.ts';
import { runDailyTick } from '../../src/discord/daily-poster.ts';
import { type Library, openLibrary } from '../../src/library.ts';
import { openBotStore } from '../../src/store/bot-store.ts';
import { FAKE_BOT_ID, fakeRest } from './fake-rest.ts';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';

/** A fact as the three show it: its date and sentence (the CLI's JSON has no id). */
interface Shown {
  readonly date: string;
  readonly sentence: string;
}

describe('today’s fact: /today, `cli fact` and the daily post agree', () => {
  let library: Library;
  const db = join(mkdtempSync(join(tmpdir(), 'fn-fact-of-day-')), 'footnote.db');
  const store = openBotStore(db);
  let now = 0;
  const discord = fakeRest(() => now);

  beforeAll(async () => {
    library = await openLibrary({ dataDir: 'data' });
    // 09:00 in Tokyo: at 08:00 there the UTC date is still the day before, so the server's zone matters.
    await store.daily.enable({
      guildId: GUILD,
      channelId: CHANNEL,
      time: '09:00',
      timezone: 'Asia/Tokyo',
      firstDate: '2024-09-22',
      now: 0,
    });
  });
  afterAll(() => store.close());

  const viaToday = async (): Promise<Shown | undefined> =>
    (await todaysFact(store.daily, library.timeline, GUILD, new Date(now)))?.fact;

  async function viaCli(localDate: string): Promise<Shown> {
    let out = '';
    const io: CliIO = {
      out: (text) => {
        out += text;
      },
      err: () => {},
      openLibrary: async () => library,
      now: () => new Date(now),
    };
    const code = await runCli(['fact', '--date', localDate, '--guild', GUILD, '--db', db, '--json'], io);
    expect(code).toBe(0);
    return (JSON.parse(out) as { fact: Shown }).fact;
  }

  async function viaPoster(localDate: string): Promise<Shown | undefined> {
    const outcomes = await runDailyTick({
      rest: discord.rest,
      botUserId: FAKE_BOT_ID,
      canReadHistory: () => true,
      daily: store.daily,
      library,
      logger: pino({ level: 'silent' }),
      now: () => new Date(now),
    });
    expect(outcomes.get(GUILD)).toBe('sent');
    const factId = (await store.daily.post(GUILD, localDate))?.factId;
    return library.timeline.facts.find((fact) => fact.id === factId);
  }

  const shown = (fact: Shown | undefined) => fact && { date: fact.date, sentence: fact.sentence };

  // 25 September has an "on this day" fact (2023-09-25); the other days come from the rotation.
  it.each(['2024-09-22', '2024-09-23', '2024-09-24', '2024-09-25', '2024-09-26'])(
    'on %s, before the post, at it, and after it',
    async (localDate) => {
      now = Date.parse(`${localDate}T08:00:00+09:00`);
      const before = shown(await viaToday());
      expect(before).toBeDefined();
      expect(shown(await viaCli(localDate))).toEqual(before);

      now = Date.parse(`${localDate}T09:00:00+09:00`);
      expect(shown(await viaPoster(localDate))).toEqual(before);
      expect(discord.botMessages().at(-1)?.embeds[0]?.footer?.text).toBe(`Footnote daily · ${localDate}`);

      now = Date.parse(`${localDate}T23:59:00+09:00`);
      expect(shown(await viaToday())).toEqual(before);
      expect(shown(await viaCli(localDate))).toEqual(before);
    },
  );

  it('posted a different fact each day, the anniversary on its day', () => {
    const posted = store.database.db
      .prepare('SELECT local_date, fact_id FROM daily_posts ORDER BY local_date')
      .all() as { local_date: string; fact_id: string }[];
    expect(posted).toHaveLength(5);
    expect(new Set(posted.map((p) => p.fact_id)).size).toBe(5);
    const anniversary = posted.find((p) => p.local_date === '2024-09-25')?.fact_id;
    expect(library.timeline.facts.find((fact) => fact.id === anniversary)?.date).toBe('2023-09-25');
  });
});
