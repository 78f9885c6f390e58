/**
 * `/daily` (one small handler per subcommand) and `/today`'s lookup. The command files in `commands/` hold the
 * definitions and dispatch here; permission checks are permissions.ts's.
 */
import { ChannelType, type ChatInputCommandInteraction } from 'discord.js';
import { type FactTimeline, factOfServerDay, readServerDay } from '../daily/fact-of-day.ts';
import type { DailyRecords } from '../daily/records.ts';
import { firstPostDate, isValidTimeZone, parseTimeOfDay } from '../daily/schedule.ts';
import type { Selection } from '../timeline/select.ts';
import { type CommandContext, UserFacingError } from './command.ts';
import { quoteUserInput } from './interaction-errors.ts';
import {
  botPermissionsIn,
  type ManagerRefusals,
  missingPostPermissions,
  requireManageServer,
} from './permissions.ts';
import { renderDailySet, renderDailyStatus } from './render/daily.ts';

/** The thread channel types `/daily set` accepts (a thread needs Send Messages in Threads). */
export const THREAD_TYPES: ReadonlySet<number> = new Set<number>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

const DAILY_REFUSALS: ManagerRefusals = {
  outsideServer: 'Daily facts are set per server: use this command in a server.',
  notManager: 'Only members with the Manage Server permission can change daily facts.',
};

/** What every `/daily` subcommand handler receives: the checks are done, the server and store are known. */
export interface DailyRequest {
  readonly interaction: ChatInputCommandInteraction;
  readonly context: CommandContext;
  readonly guildId: string;
  readonly daily: DailyRecords;
  readonly now: Date;
}

/** `/daily off`. */
async function dailyOff({ context, daily, guildId, now }: DailyRequest): Promise<void> {
  const changed = await daily.disable(guildId, now.getTime());
  await context.reply({
    content: changed ? 'Daily facts are off.' : 'Daily facts were not on.',
    ephemeral: true,
  });
}

/** `/daily status`. */
async function dailyStatus({ context, daily, guildId, now }: DailyRequest): Promise<void> {
  await context.reply(
    renderDailyStatus({
      settings: await daily.settings(guildId),
      lastSent: await daily.latestPost(guildId, 'sent'),
      now,
      guildId,
      mention: context.mention,
    }),
  );
}

/** `/daily set`: validates the time and zone, checks the bot can post in the channel, turns posting on. */
async function dailySet({ interaction, context, daily, guildId, now }: DailyRequest): Promise<void> {
  const channel = interaction.options.getChannel('channel', true);
  const typedTime = interaction.options.getString('time', true);
  const time = parseTimeOfDay(typedTime);
  if (!time)
    throw new UserFacingError(
      `\`time\` takes a time of day as HH:MM (24-hour), e.g. 09:00; got ${quoteUserInput(typedTime)}.`,
    );
  const zone = interaction.options.getString('timezone', true).trim();
  if (!isValidTimeZone(zone))
    throw new UserFacingError(
      `${quoteUserInput(zone)} is not a time zone I know; pick one from the list, e.g. Europe/Paris.`,
    );
  const permissions = botPermissionsIn(interaction, 'channel');
  const missing =
    permissions === null
      ? ['(could not read my permissions there)']
      : missingPostPermissions(permissions, THREAD_TYPES.has(channel.type));
  if (missing.length > 0) {
    throw new UserFacingError(
      `I cannot post in <#${channel.id}>: I am missing ${missing.join(', ')}. Give me ${missing.length > 1 ? 'these permissions' : 'this permission'} in that channel, then run ${context.mention('daily set')} again.`,
    );
  }
  const settings = await daily.enable({
    guildId,
    channelId: channel.id,
    time,
    timezone: zone,
    firstDate: firstPostDate(now, time, zone),
    now: now.getTime(),
    userId: interaction.user.id,
  });
  context.logger.info({ channelId: channel.id, time, zone }, 'daily facts set');
  await context.reply(renderDailySet(settings, now));
}

/** The `/daily` subcommands, by name. */
export const DAILY_SUBCOMMANDS: Readonly<Record<string, (request: DailyRequest) => Promise<void>>> = {
  set: dailySet,
  off: dailyOff,
  status: dailyStatus,
};

/** `/daily`: Manage Server only; runs the subcommand's handler. */
export async function runDaily(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<void> {
  const guildId = requireManageServer(interaction, DAILY_REFUSALS);
  const name = interaction.options.getSubcommand();
  const handler = DAILY_SUBCOMMANDS[name];
  if (!handler) throw new Error(`/daily: no handler for the subcommand ${name}`);
  await handler({ interaction, context, guildId, daily: context.store.daily, now: context.now() });
}

/**
 * Today's fact for `/today` in a server (or a DM: `guildId` null): the server's day at `now` in its daily-post
 * time zone (else UTC), and its fact as the daily post chooses it (the one it chose, once it has).
 */
export async function todaysFact(
  daily: DailyRecords,
  timeline: FactTimeline,
  guildId: string | null,
  now: Date,
): Promise<Selection | null> {
  const { localDate, day } = await readServerDay(daily, guildId, now);
  return factOfServerDay(timeline, day, localDate);
}
