import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { missingPostPermissions } from '../../src/discord/permissions.ts';

describe('permissions', () => {
  describe('what the bot needs to post daily', () => {
    const base =
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.ReadMessageHistory;
    it('names what the bot lacks in a channel or thread', () => {
      expect(missingPostPermissions(base, false)).toEqual([]);
      expect(missingPostPermissions(base & ~PermissionFlagsBits.SendMessages, false)).toEqual([
        'Send Messages',
      ]);
      expect(missingPostPermissions(base, true)).toEqual(['Send Messages in Threads']);
      expect(missingPostPermissions(0n, false)).toEqual([
        'View Channel',
        'Send Messages',
        'Embed Links',
        'Read Message History',
      ]);
      expect(missingPostPermissions(PermissionFlagsBits.Administrator, true)).toEqual([]);
    });
  });
});
