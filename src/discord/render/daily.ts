import type { APIEmbed } from 'discord-api-types/v10';
import { DateTime } from 'luxon';
import type { DailyPost, DailySettings } from '../../daily/daily-store.ts';
import { localDateAt, nextPostAt } from '../../daily/schedule.ts';
import type { SelectionReason } from '../../timeline/select.ts';
import type { Fact } from '../../timeline/types.ts';
import { type Mention, plainMention } from '../command-mentions.ts';
import { LIMITS } from '../limits.ts';
import type { ReplyPayload } from '../respond.ts';
import { fitWithLinks, linkUpTo } from './links.ts';
import { humanDate, quotedFact, TIMELINE_COLOUR } from './timeline.ts';

/** The text that identifies a daily post in a channel, so a restart can recognise one it already sent. */
export function dailyMarker(localDate: string): string {
  return `Footnote daily · ${localDate}`;
}

/**
 * One fact as a message (the daily post and /today): title saying why it was chosen, the sentence quoted
 * verbatim, the citation; `marker` goes in the footer.
 */
export function renderFact(
  fact: Fact,
  options: { reason: SelectionReason; marker?: string; ephemeral?: boolean },
): ReplyPayload {
  const when = humanDate(fact);
  const title = options.reason === 'on-this-day' ? `On this day, ${when}` : `From the timeline: ${when}`;
  const url = linkUpTo(fact.citation, LIMITS.embedUrl);
  const embed: APIEmbed = {
    title,
    ...(url ? { url } : {}),
    // Links too long for the description are given up, never the citation.
    description: fitWithLinks([fact.citation], LIMITS.embedDescription, (maxLink) =>
      quotedFact(fact, maxLink, '\n\n'),
    ),
    color: TIMELINE_COLOUR,
    ...(options.marker ? { footer: { text: options.marker } } : {}),
  };
  return { embeds: [embed], ...(options.ephemeral ? { ephemeral: true } : {}) };
}

const discordTime = (ms: number, style: 'F' | 'R' | 'f') => `<t:${Math.floor(ms / 1000)}:${style}>`;

function localTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm (ZZ)');
}

/** The reply to `/daily set`. */
export function renderDailySet(settings: DailySettings, now: Date): ReplyPayload {
  const next = nextPostAt({
    now,
    time: settings.time,
    zone: settings.timezone,
    firstDate: settings.firstDate,
    postedToday: false,
  });
  return {
    content: `Daily facts will be posted in <#${settings.channelId}> at ${settings.time} (${settings.timezone}). Next post: ${discordTime(next.getTime(), 'F')} (${localTime(next.getTime(), settings.timezone)}).`,
    ephemeral: true,
  };
}

/** The reply to `/daily status` (pure): on/off, channel, next post time, last post, last failure, pause. */
export function renderDailyStatus(input: {
  readonly settings: DailySettings | null;
  readonly lastSent: DailyPost | null;
  readonly now: Date;
  readonly guildId: string;
  /** How `/daily set` is written (default: in code). */
  readonly mention?: Mention | undefined;
}): ReplyPayload {
  const { settings, lastSent, now } = input;
  const dailySet = (input.mention ?? plainMention)('daily set');
  if (!settings)
    return {
      content: `Daily facts are not set up here. A server manager can start them with ${dailySet}.`,
      ephemeral: true,
    };
  const lines: string[] = [];
  if (!settings.enabled) lines.push(`Daily facts are **off** (${dailySet} turns them on again).`);
  else if (settings.pausedReason)
    lines.push(
      `Daily facts are **paused**: ${settings.pausedReason}. Fix it, then run ${dailySet} again to resume.`,
    );
  else lines.push('Daily facts are **on**.');
  lines.push(`Channel: <#${settings.channelId}> · time: ${settings.time} (${settings.timezone})`);
  if (settings.enabled && !settings.pausedReason) {
    const postedToday = lastSent?.localDate === localDateAt(now, settings.timezone);
    const due = nextPostAt({
      now,
      time: settings.time,
      zone: settings.timezone,
      firstDate: settings.firstDate,
      postedToday,
    });
    const next =
      settings.retryAt !== null && settings.retryAt > due.getTime() ? settings.retryAt : due.getTime();
    const when =
      next <= now.getTime()
        ? 'now (it is due)'
        : `${discordTime(next, 'F')} (${localTime(next, settings.timezone)})`;
    lines.push(
      `Next post: ${when}${settings.retryAt !== null && next === settings.retryAt ? ', a retry after a failure' : ''}`,
    );
  }
  lines.push(
    lastSent?.sentAt
      ? `Last post: ${lastSent.localDate}, ${discordTime(lastSent.sentAt, 'R')} — https://discord.com/channels/${input.guildId}/${lastSent.channelId}/${lastSent.messageId}`
      : 'Last post: none yet',
  );
  if (settings.lastFailureAt !== null) {
    lines.push(
      `Last failure: ${discordTime(settings.lastFailureAt, 'R')}: ${settings.lastFailureReason ?? 'unknown'}${settings.consecutiveFailures > 0 ? ` (${settings.consecutiveFailures} in a row)` : ''}`,
    );
  }
  return { content: lines.join('\n'), ephemeral: true };
}
