import type { GuildOutcome, PosterSettings } from '../daily/poster.ts';
import { dailySettingsFromConfig } from '../daily/settings.ts';
import type { DailyPostOutcome } from '../health/metrics.ts';
import type { BotService } from './bot.ts';
import { startDailyPoster } from './daily-poster.ts';
import { historyReadability } from './permissions.ts';
import { ownsGuild, shardPlace } from './shards.ts';

/**
 * How a server's turn counts in `footnote_daily_posts_total`: a post sent, one found delivered after a crash
 * (recovered), or a failed attempt; turns that send nothing (not due, done, paused...) do not count.
 */
export function countedDailyOutcome(outcome: GuildOutcome): DailyPostOutcome | undefined {
  return outcome === 'sent' || outcome === 'recovered' || outcome === 'failed' ? outcome : undefined;
}

/**
 * The daily poster as a bot service (add to `SERVICES` in src/main.ts), over the bot's `store.daily`.
 * `settings` default to the configuration's `DAILY_*` values.
 */
export function dailyPosterService(settings?: Partial<PosterSettings>): BotService {
  return {
    name: 'daily-poster',
    start(context) {
      const place = shardPlace(context.client);
      const poster = startDailyPoster({
        rest: context.client.rest,
        botUserId: context.client.user.id,
        canReadHistory: historyReadability(context.client),
        isMember: (guildId) => context.client.guilds.cache.has(guildId),
        // With shards, only the servers of this process's shards (the others' posts are their shards' to make).
        owns: (guildId) => ownsGuild(place, guildId),
        daily: context.store.daily,
        // A getter: after a reload the poster picks facts from the new library.
        library: () => context.library,
        logger: context.logger,
        now: context.now,
        settings: { ...dailySettingsFromConfig(context.config), ...settings },
        onOutcome: (outcome) => {
          const counted = countedDailyOutcome(outcome);
          if (counted) context.metrics.dailyPost(counted);
        },
      });
      return Promise.resolve({ stop: () => poster.stop() });
    },
  };
}
