import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { botDependencies } from '../../src/discord/dependencies.ts';
import { openLibrary } from '../../src/library.ts';
import { createLogger } from '../../src/log.ts';
import { LibraryHolder } from '../../src/reload/library-holder.ts';
import { type OpenBotStore, openBotStore } from '../../src/store/bot-store.ts';
import { inlineLibrary, writeArticle, writeLibrary } from '../support/library-files.ts';
import { sample } from './prometheus.ts';

const logger = createLogger({ level: 'silent' });

describe("the bot's metrics, made with its dependencies", () => {
  let store: OpenBotStore;
  afterEach(() => store?.close());

  it('are one registry per set of dependencies, reporting that library', async () => {
    store = openBotStore(':memory:');
    const one = await inlineLibrary([{ id: 'one', title: 'One', body: 'A single short article.' }]);
    const two = await inlineLibrary([
      { id: 'a', title: 'A', body: 'First article.' },
      { id: 'b', title: 'B', body: 'Second article.' },
    ]);
    const config = parseConfig({});
    const first = await botDependencies({ config, library: one, logger, store, commands: new Map() });
    const second = await botDependencies({ config, library: two, logger, store, commands: new Map() });
    expect(first.metrics.registry).not.toBe(second.metrics.registry);
    first.metrics.interaction('ask', 'command', 'ok');
    const a = await first.metrics.registry.metrics();
    const b = await second.metrics.registry.metrics();
    expect(sample(a, 'footnote_library_articles')).toBe(1);
    expect(sample(b, 'footnote_library_articles')).toBe(2);
    expect(sample(a, 'footnote_interactions_total', { command: 'ask', kind: 'command', outcome: 'ok' })).toBe(
      1,
    );
    expect(sample(b, 'footnote_interactions_total', { command: 'ask', kind: 'command', outcome: 'ok' })).toBe(
      undefined,
    );
  });

  it('count each finished rebuild once, by outcome, with its duration, and follow the swapped library', async () => {
    store = openBotStore(':memory:');
    const dataDir = await writeLibrary([{ id: 'one', title: 'One', body: 'A single short article.' }]);
    let broken = false;
    const holder = new LibraryHolder({
      initial: await openLibrary({ dataDir }),
      open: async () => {
        if (broken) throw new Error('disk unreadable');
        return openLibrary({ dataDir });
      },
    });
    const deps = await botDependencies({
      config: parseConfig({}),
      library: holder,
      logger,
      store,
      commands: new Map(),
    });
    await writeArticle(dataDir, { id: 'two', title: 'Two', body: 'A second article, added later.' });
    // Three requests at once: one rebuild runs, the other two coalesce into one follow-up rebuild.
    await Promise.all([holder.reload('a'), holder.reload('b'), deps.reloadLibrary?.('c')]);
    broken = true;
    expect((await deps.reloadLibrary?.('d'))?.ok).toBe(false);

    const body = await deps.metrics.registry.metrics();
    expect(sample(body, 'footnote_library_reloads_total', { outcome: 'ok' })).toBe(2);
    expect(sample(body, 'footnote_library_reloads_total', { outcome: 'failed' })).toBe(1);
    expect(sample(body, 'footnote_library_reload_duration_seconds_count', { outcome: 'ok' })).toBe(2);
    expect(sample(body, 'footnote_library_reload_duration_seconds_count', { outcome: 'failed' })).toBe(1);
    expect(sample(body, 'footnote_library_reload_duration_seconds_sum', { outcome: 'ok' })).toBeGreaterThan(
      0,
    );
    expect(sample(body, 'footnote_library_articles')).toBe(2);
  });
});
