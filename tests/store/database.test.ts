import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAILY_MIGRATIONS, openDailyStore } from '../../src/daily/daily-store.ts';
import { type Migration, openStore, StoreError } from '../../src/store/database.ts';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'footnote-store-')), 'nested', 'footnote.db');

describe('store', () => {
  describe('opening', () => {
    it('creates the file and its folder at first start, in WAL mode', () => {
      const path = tempDb();
      const store = openStore(path);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      store.close();
    });
  });

  describe('migrations', () => {
    const notes: Migration[] = [
      {
        version: 1,
        name: 'notes',
        up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)'),
      },
      { version: 2, name: 'note author', up: (db) => db.exec('ALTER TABLE notes ADD COLUMN author TEXT') },
    ];

    it('applies each migration once, per module, and remembers versions across restarts', () => {
      const path = tempDb();
      let store = openStore(path);
      expect(store.migrate('notes', notes.slice(0, 1))).toEqual([1]);
      store.close();
      store = openStore(path);
      expect(store.migrate('notes', notes)).toEqual([2]);
      expect(store.migrate('notes', notes)).toEqual([]);
      expect(store.version('notes')).toBe(2);
      expect(store.migrate('daily', DAILY_MIGRATIONS)).toEqual([1]);
      store.db.prepare('INSERT INTO notes (text, author) VALUES (?, ?)').run('hi', 'me');
      store.close();
    });

    it('refuses a database newer than the code, and a migration list with a gap', () => {
      const path = tempDb();
      const store = openStore(path);
      store.migrate('notes', notes);
      expect(() => store.migrate('notes', notes.slice(0, 1))).toThrow(StoreError);
      expect(() => store.migrate('other', [notes[1] as Migration])).toThrow(/expected 1/);
      store.close();
    });

    it('rolls back a failing migration', () => {
      const store = openStore(':memory:');
      const bad: Migration[] = [
        {
          version: 1,
          name: 'bad',
          up: (db) => {
            db.exec('CREATE TABLE t (x)');
            throw new Error('boom');
          },
        },
      ];
      expect(() => store.migrate('bad', bad)).toThrow('boom');
      expect(store.version('bad')).toBe(0);
      expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    });
  });

  describe('daily tables', () => {
    it('allows one post per server and local date, whatever is tried', () => {
      const daily = openDailyStore(openStore(':memory:'));
      const input = { guildId: 'g', localDate: '2024-03-01', channelId: 'c', nonce: 'n', now: 1 };
      const first = daily.createIntent(input, () => ({ factId: 'f1', newCycle: false }));
      const second = daily.createIntent({ ...input, nonce: 'other' }, () => ({
        factId: 'f2',
        newCycle: false,
      }));
      expect(second).toEqual(first);
      expect([...daily.usedFacts('g')]).toEqual(['f1']);
      expect(() =>
        daily.db
          .prepare(
            "INSERT INTO daily_posts (guild_id, local_date, fact_id, channel_id, nonce, status, created_at) VALUES ('g', '2024-03-01', 'x', 'c', 'n', 'pending', 0)",
          )
          .run(),
      ).toThrow(/UNIQUE/);
    });
  });
});
