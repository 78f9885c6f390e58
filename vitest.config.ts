import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: those that start child processes (the bot, the CLI, a crashing poster, a PostgreSQL server) or drive a bot through
 * the local Discord, plus a few slow ones. Everything else is a unit test: in-process, no child process, no
 * local Discord. `npm test` runs both projects; `npm run test:unit` / `npm run test:e2e` run one.
 */
export const E2E_TESTS = [
  'tests/cite/e2e.test.ts',
  'tests/cli/config.test.ts',
  'tests/corpus/load-child-process.test.ts',
  'tests/daily/crash.test.ts',
  'tests/daily/crash-history.test.ts',
  'tests/daily/e2e.test.ts',
  'tests/daily/six-processes.test.ts',
  'tests/daily/stale-claim.test.ts', // its PostgreSQL variant starts a throwaway server (initdb, pg_ctl)
  'tests/discord/buttons.test.ts',
  'tests/discord/e2e.test.ts',
  'tests/discord/faults.test.ts',
  'tests/discord/log-redaction.test.ts',
  'tests/discord/long-metadata.test.ts',
  'tests/discord/long-metadata-cite-timeline.test.ts',
  'tests/discord/sources-e2e.test.ts',
  'tests/health/daily-metrics.test.ts',
  'tests/health/e2e.test.ts',
  'tests/local-discord/channel-history.test.ts',
  'tests/local-discord/contract.test.ts',
  'tests/local-discord/faults.test.ts',
  'tests/local-discord/interactions.test.ts',
  'tests/local-discord/shards.test.ts',
  'tests/main/bad-settings.test.ts',
  'tests/main/log-file.test.ts',
  'tests/main/shard-manager.test.ts',
  'tests/main/shards-postgres.test.ts', // shard processes on a throwaway PostgreSQL server
  'tests/main/start.test.ts',
  'tests/reload/build-worker.test.ts', // slow: library builds in worker threads
  'tests/reload/reload-e2e.test.ts',
  'tests/reload/reload-responsive.test.ts',
  'tests/cli/fact-postgres.test.ts', // PostgreSQL: a throwaway server
  'tests/daily/records.test.ts', // PostgreSQL variant: a throwaway server
  'tests/store/postgres.test.ts', // a throwaway PostgreSQL server
  'tests/terminal-chat/terminal.test.ts',
  'tests/timeline/commands-e2e.test.ts',
  'tests/timeline/fact-cache-file.test.ts', // slow: library builds in fresh worker threads
  'tests/timeline/long-query-e2e.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: E2E_TESTS } },
      { extends: true, test: { name: 'e2e', include: E2E_TESTS } },
    ],
  },
});
