import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  firstPostDate,
  localDateAt,
  nextPostAt,
  parseTimeOfDay,
  postInstant,
} from '../../src/daily/schedule.ts';

const NY = 'America/New_York';

describe('daily schedule', () => {
  describe('time zones', () => {
    it('places the post at the local time of the server', () => {
      expect(postInstant('2024-03-01', '09:00', 'Asia/Ho_Chi_Minh').toISOString()).toBe(
        '2024-03-01T02:00:00.000Z',
      );
      expect(postInstant('2024-07-01', '09:00', 'Europe/Paris').toISOString()).toBe(
        '2024-07-01T07:00:00.000Z',
      );
    });

    it('uses the local date, not the UTC date', () => {
      expect(localDateAt(new Date('2024-03-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2024-03-02');
      expect(localDateAt(new Date('2024-03-01T03:30:00Z'), NY)).toBe('2024-02-29');
    });
  });

  describe('daylight-saving changes', () => {
    it('moves a time that does not exist on a spring-forward day (02:30 in New York) forward by the gap', () => {
      const at = postInstant('2024-03-10', '02:30', NY);
      expect(at.toISOString()).toBe('2024-03-10T07:30:00.000Z'); // 03:30 EDT
      expect(localDateAt(at, NY)).toBe('2024-03-10');
    });

    it('gives a fall-back day’s 01:30 (which happens twice) exactly one instant', () => {
      const at = postInstant('2024-11-03', '01:30', NY);
      expect(at.toISOString()).toBe('2024-11-03T06:30:00.000Z'); // 01:30 EST, the second 01:30
      // Both 01:30s are the same local date: the post is keyed by it, so it can only happen once.
      expect(localDateAt(new Date('2024-11-03T05:30:00Z'), NY)).toBe('2024-11-03');
      expect(localDateAt(new Date('2024-11-03T06:30:00Z'), NY)).toBe('2024-11-03');
    });

    it('keeps 09:00 local across the change (13:00Z before, 14:00Z after, in New York in November)', () => {
      expect(postInstant('2024-11-02', '09:00', NY).toISOString()).toBe('2024-11-02T13:00:00.000Z');
      expect(postInstant('2024-11-04', '09:00', NY).toISOString()).toBe('2024-11-04T14:00:00.000Z');
    });
  });

  describe('next post', () => {
    const now = new Date('2024-03-01T10:00:00Z'); // 05:00 in New York
    it('is today when today’s time is ahead, tomorrow when today is posted', () => {
      expect(
        nextPostAt({
          now,
          time: '09:00',
          zone: NY,
          firstDate: '2024-03-01',
          postedToday: false,
        }).toISOString(),
      ).toBe('2024-03-01T14:00:00.000Z');
      expect(
        nextPostAt({
          now,
          time: '09:00',
          zone: NY,
          firstDate: '2024-03-01',
          postedToday: true,
        }).toISOString(),
      ).toBe('2024-03-02T14:00:00.000Z');
    });

    it('starts tomorrow when set after today’s time', () => {
      expect(firstPostDate(now, '04:00', NY)).toBe('2024-03-02');
      expect(firstPostDate(now, '06:00', NY)).toBe('2024-03-01');
    });
  });

  describe('inputs and backoff', () => {
    it('parses times of day', () => {
      expect(parseTimeOfDay('9:05')).toBe('09:05');
      expect(parseTimeOfDay('23:59')).toBe('23:59');
      expect(parseTimeOfDay('24:00')).toBeNull();
      expect(parseTimeOfDay('noon')).toBeNull();
    });

    it('doubles the retry delay up to a cap', () => {
      expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 60_000, 300_000))).toEqual([
        60_000, 120_000, 240_000, 300_000, 300_000,
      ]);
    });
  });
});
