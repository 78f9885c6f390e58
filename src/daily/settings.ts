import type { Config } from '../config.ts';
import type { PosterSettings } from './poster.ts';

/** The daily poster's settings, from the validated configuration (`DAILY_*` in `.env.example`). */
export function dailySettingsFromConfig(
  config: Pick<Config, 'DAILY_TICK_SECONDS' | 'DAILY_PAUSE_AFTER_FAILURES' | 'DAILY_RETRY_SECONDS'>,
): PosterSettings {
  return {
    tickMs: config.DAILY_TICK_SECONDS * 1000,
    pauseAfterFailures: config.DAILY_PAUSE_AFTER_FAILURES,
    retryBaseMs: config.DAILY_RETRY_SECONDS * 1000,
    retryMaxMs: Math.max(config.DAILY_RETRY_SECONDS * 1000, 60 * 60_000),
  };
}
