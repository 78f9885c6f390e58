import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DailySettings } from '../../../src/daily/daily-store.ts';
import { isValidTimeZone } from '../../../src/daily/schedule.ts';
import { parseUtcOffset, suggestTimeZones, TIME_ZONES } from '../../../src/daily/time-zones.ts';
import { renderDailyStatus } from '../../../src/discord/render/daily.ts';

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
    const values = (typed: string, now?: Date) => suggestTimeZones(typed, now).map((choice) => choice.value);

    it('suggests current IANA names, prefix matches first, at most 25, each zone once, all valid', () => {
      expect(values('ho_chi')).toEqual(['Asia/Ho_Chi_Minh']);
      expect(values('paris')[0]).toBe('Europe/Paris');
      expect(values('america').length).toBe(25);
      fc.assert(
        fc.property(fc.string({ maxLength: 12 }), (typed) => {
          const found = values(typed);
          return found.every(isValidTimeZone) && new Set(found).size === found.length && found.length <= 25;
        }),
      );
      expect(TIME_ZONES).toContain('UTC');
    });

    it('finds a zone by city or country, named so the member sees why', () => {
      expect(suggestTimeZones('hanoi')[0]).toEqual({
        name: 'Asia/Ho_Chi_Minh — Hanoi, Vietnam',
        value: 'Asia/Ho_Chi_Minh',
      });
      expect(values('vietnam')).toEqual(expect.arrayContaining(['Asia/Ho_Chi_Minh', 'Asia/Bangkok']));
      expect(values('Việt Nam'.replace(' ', ''))).toContain('Asia/Ho_Chi_Minh');
      expect(values('tokyo')[0]).toBe('Asia/Tokyo');
      expect(values('new york')[0]).toBe('America/New_York');
      for (const choice of suggestTimeZones('san')) expect(choice.name.length).toBeLessThanOrEqual(100);
    });

    it('finds the zones at a UTC offset now (daylight saving counted)', () => {
      const january = new Date('2025-01-15T12:00:00Z');
      const july = new Date('2025-07-15T12:00:00Z');
      expect(parseUtcOffset('UTC+7')).toBe(420);
      expect(parseUtcOffset('gmt-5')).toBe(-300);
      expect(parseUtcOffset('+05:30')).toBe(330);
      expect(parseUtcOffset('+15')).toBeNull();
      expect(values('UTC+7', january)).toContain('Asia/Ho_Chi_Minh');
      expect(values('+5:30', january)).toContain('Asia/Kolkata');
      expect(values('UTC+1', january)).toContain('Europe/Paris');
      expect(values('UTC+1', july)).not.toContain('Europe/Paris');
      expect(values('UTC+2', july)).toContain('Europe/Paris');
      expect(suggestTimeZones('UTC+7', january)[0]?.name).toMatch(/\(UTC\+7 now\)$/u);
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
