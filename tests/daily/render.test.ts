import { PermissionFlagsBits } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  missingPostPermissions,
  renderDailyStatus,
  suggestTimeZones,
  TIME_ZONES,
} from '../../src/daily/render.ts';
import { isValidTimeZone } from '../../src/daily/schedule.ts';
import type { DailySettings } from '../../src/daily/store.ts';

const settings: DailySettings = {
  guildId: 'g',
  channelId: '123',
  time: '09:00',
  timezone: 'Europe/Paris',
  enabled: true,
  firstDate: '2024-03-01',
  consecutiveFailures: 0,
  retryAt: null,
  pausedReason: null,
  lastFailureAt: null,
  lastFailureReason: null,
};

describe('daily responses', () => {
  describe('time zones', () => {
    it('suggests current IANA names, prefix matches first, at most 25, all valid', () => {
      expect(suggestTimeZones('ho_chi')).toEqual(['Asia/Ho_Chi_Minh']);
      expect(suggestTimeZones('paris')).toEqual(['Europe/Paris']);
      expect(suggestTimeZones('america').length).toBe(25);
      fc.assert(
        fc.property(fc.string({ maxLength: 12 }), (typed) => suggestTimeZones(typed).every(isValidTimeZone)),
      );
      expect(TIME_ZONES).toContain('UTC');
    });
  });

  describe('permissions', () => {
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

  describe('/daily status', () => {
    const now = new Date('2024-03-01T06:00:00Z'); // 07:00 in Paris
    it('shows the next post time, the last post and the last failure', () => {
      const text = renderDailyStatus({
        settings: {
          ...settings,
          lastFailureAt: now.getTime() - 60_000,
          lastFailureReason: 'the channel <#123> no longer exists',
          consecutiveFailures: 1,
        },
        lastSent: null,
        now,
        guildId: 'g',
      }).content;
      expect(text).toContain(
        `Next post: <t:${Date.parse('2024-03-01T08:00:00Z') / 1000}:F> (2024-03-01 09:00 (+01:00))`,
      );
      expect(text).toContain('Last post: none yet');
      expect(text).toContain('Last failure: <t:');
      expect(text).toContain('no longer exists (1 in a row)');
    });

    it('says posting is paused and why', () => {
      const text = renderDailyStatus({
        settings: { ...settings, pausedReason: 'paused after 5 failed attempts in a row; last: x' },
        lastSent: null,
        now,
        guildId: 'g',
      }).content;
      expect(text).toContain('**paused**: paused after 5 failed attempts');
      expect(text).not.toContain('Next post');
    });
  });
});
