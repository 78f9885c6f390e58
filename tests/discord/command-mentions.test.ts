import { describe, expect, it } from 'vitest';
import { commandIds, mentionWith, plainMention } from '../../src/discord/command-mentions.ts';

describe('commands named in replies', () => {
  const ids = commandIds([
    { id: '111', name: 'sources', type: 1 },
    { id: '222', name: 'daily' },
    { id: '333', name: 'Find source', type: 3 },
    { name: 'broken' },
  ]);

  it('reads chat-input command ids by name from Discord’s list (message commands cannot be mentioned)', () => {
    expect([...ids]).toEqual([
      ['sources', '111'],
      ['daily', '222'],
    ]);
    expect(commandIds({ message: 'not a list' }).size).toBe(0);
  });

  it('writes a known command as a clickable mention, subcommands by their top-level id, others in code', () => {
    const mention = mentionWith(ids);
    expect(mention('sources')).toBe('</sources:111>');
    expect(mention('daily set')).toBe('</daily set:222>');
    expect(mention('cite')).toBe('`/cite`');
    expect(plainMention('daily set')).toBe('`/daily set`');
  });
});
