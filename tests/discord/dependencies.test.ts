import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { botDependencies } from '../../src/discord/dependencies.ts';
import { openLibrary } from '../../src/library.ts';
import { createLogger } from '../../src/log.ts';
import { LibraryHolder } from '../../src/reload/library-holder.ts';
import { openBotStore, type SqliteBotStore } from '../../src/store/bot-store.ts';
import { inlineLibrary, writeArticle, writeLibrary } from '../support/library-files.ts';

const OWNER = '111111111111111111';
const logger = createLogger({ level: 'silent' });

describe('botDependencies', () => {
  let store: SqliteBotStore;
  afterEach(() => store?.close());

  describe('with a fixed library', () => {
    it('reads that library, cannot reload, and takes the owners from the configuration', async () => {
      store = openBotStore(':memory:');
      const library = await inlineLibrary([{ id: 'one', title: 'One', body: 'A single short article.' }]);
      const config = parseConfig({ FOOTNOTE_OWNER_IDS: OWNER });
      const deps = await botDependencies({ config, library, logger, store, commands: new Map() });
      expect(deps.libraries.current).toBe(library);
      expect(deps.reloadLibrary).toBeUndefined();
      expect(deps.ownerIds).toEqual([OWNER]);
      expect(deps.services).toEqual([]);
      expect(deps.commands.size).toBe(0);
    });

    it('loads every command of commands/ and uses the system clock by default', async () => {
      store = openBotStore(':memory:');
      const library = await inlineLibrary([{ id: 'one', title: 'One', body: 'A single short article.' }]);
      const deps = await botDependencies({ config: parseConfig({}), library, logger, store });
      expect([...deps.commands.keys()]).toEqual(expect.arrayContaining(['ask', 'cite', 'daily', 'reload']));
      expect(Math.abs(deps.now().getTime() - Date.now())).toBeLessThan(1000);
      expect(deps.version).toMatch(/^\d+\.\d+\.\d+/u);
    });
  });

  describe('with a library holder', () => {
    it('reads the holder’s current library, and its reload swaps in the rebuilt one', async () => {
      store = openBotStore(':memory:');
      const dataDir = await writeLibrary([{ id: 'one', title: 'One', body: 'A single short article.' }]);
      const holder = new LibraryHolder({
        initial: await openLibrary({ dataDir }),
        open: () => openLibrary({ dataDir }),
      });
      const deps = await botDependencies({
        config: parseConfig({}),
        library: holder,
        logger,
        store,
        commands: new Map(),
      });
      await writeArticle(dataDir, { id: 'two', title: 'Two', body: 'A second article, added later.' });
      const outcome = await deps.reloadLibrary?.('test');
      expect(outcome?.ok).toBe(true);
      expect(deps.libraries.current.articles.has('two')).toBe(true);
    });
  });

  it('hands the store through as it is: a real database every command can write to', async () => {
    store = openBotStore(':memory:');
    const library = await inlineLibrary([{ id: 'one', title: 'One', body: 'A single short article.' }]);
    const deps = await botDependencies({
      config: parseConfig({}),
      library,
      logger,
      store,
      commands: new Map(),
    });
    expect(deps.store).toBe(store);
    expect(store.database.version('daily')).toBeGreaterThan(0);
  });
});
