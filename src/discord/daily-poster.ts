/**
 * The daily poster's Discord side: the {@link DailyOutlet} that sends a post (REST route, fitted payload, nonce
 * with `enforce_nonce`) and looks for an uncertain one in its channel's history (daily-delivered.ts). The
 * decisions and the store's writes are src/daily/poster.ts's; this file only speaks Discord.
 */
import { Routes } from 'discord-api-types/v10';
import type { DailyPost } from '../daily/daily-store.ts';
import {
  type DailyOutlet,
  type DailyPoster,
  type DailyTickOptions,
  type GuildOutcome,
  startDailyPosts,
  tickDailyPosts,
} from '../daily/poster.ts';
import { isOnThisDay } from '../timeline/select.ts';
import type { Fact } from '../timeline/types.ts';
import { shortHash } from './custom-id.ts';
import { checkDelivered, type HistoryAccess } from './daily-delivered.ts';
import { describeFailure } from './daily-failure.ts';
import { dailyMarker, renderFact } from './render/daily.ts';
import { fitPayload } from './respond.ts';

export type { DiscordRest } from './daily-delivered.ts';

/** What the poster needs on Discord's side, besides the core's options. */
export interface PosterOptions extends Omit<DailyTickOptions, 'outlet'>, HistoryAccess {
  /**
   * Whether the bot is in a server, from the gateway cache (undefined: unknown). A server it is not in (it was
   * removed, or the local Discord of an earlier run) is skipped, not retried: nothing could be posted there.
   */
  readonly isMember?: (guildId: string) => boolean | undefined;
}

/** The nonce of a server's post for a local date (≤ 25 characters, the same on every attempt). */
export function postNonce(guildId: string, localDate: string): string {
  return `fd${localDate.replaceAll('-', '')}${shortHash(guildId)}`;
}

/** The message body of a post: the fact, its citation, the marker, the nonce, no mentions. */
function postBody(post: DailyPost, fact: Fact): Record<string, unknown> {
  const reason = isOnThisDay(fact, post.localDate) ? 'on-this-day' : 'rotation';
  const { flags: _flags, ...fitted } = fitPayload(
    renderFact(fact, { reason, marker: dailyMarker(post.localDate) }),
  );
  return { ...fitted, nonce: post.nonce, enforce_nonce: true };
}

/** Daily posts as Discord messages, through the REST client and the gateway cache's answers. */
export function discordOutlet(options: PosterOptions): DailyOutlet {
  const outlet: DailyOutlet = {
    nonce: postNonce,
    async send(post, fact) {
      const message = (await options.rest.post(Routes.channelMessages(post.channelId), {
        body: postBody(post, fact),
      })) as { id: string };
      return message.id;
    },
    describeFailure: (error, post) => describeFailure(error, post.channelId),
    findDelivered: (post) => checkDelivered(options, post),
  };
  const { isMember } = options;
  return isMember ? { ...outlet, isMember } : outlet;
}

function tickOptions(options: PosterOptions): DailyTickOptions {
  const { rest: _rest, botUserId: _bot, canReadHistory: _read, isMember: _member, ...core } = options;
  return { ...core, outlet: discordOutlet(options) };
}

/** One pass over every enabled server, posting to Discord (see `tickDailyPosts`). */
export function runDailyTick(
  options: PosterOptions,
  notMemberSaid: Set<string> = new Set(),
): Promise<Map<string, GuildOutcome>> {
  return tickDailyPosts(tickOptions(options), notMemberSaid);
}

/** Starts the poster, posting to Discord (see `startDailyPosts`). */
export function startDailyPoster(options: PosterOptions): DailyPoster {
  return startDailyPosts(tickOptions(options));
}
