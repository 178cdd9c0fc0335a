import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDateTime, formatPrice, formatTimeZoneName, intlLocaleOf } from './format';

const NBSP = '\u00a0';
const NIGHT_1 = '2027-03-13T12:00:00.000Z'; // 19:00 in Bangkok

describe('formatPrice', () => {
  it('shows satang as whole Thai baht with grouping', () => {
    expect(formatPrice(680_000, 'en')).toBe(`THB${NBSP}6,800`);
    expect(formatPrice(680_000, intlLocaleOf('th'))).toBe('฿6,800');
  });

  it('keeps two decimals when there are satang', () => {
    expect(formatPrice(123_456, 'en')).toBe(`THB${NBSP}1,234.56`);
    expect(formatPrice(5, 'en')).toBe(`THB${NBSP}0.05`);
  });

  it('gives each locale and zone its own kept formatter, however the calls interleave', () => {
    for (let round = 0; round < 3; round++) {
      expect(formatPrice(680_000, 'en')).toBe(`THB${NBSP}6,800`);
      expect(formatPrice(123_456, 'en')).toBe(`THB${NBSP}1,234.56`);
      expect(formatPrice(680_000, intlLocaleOf('th'))).toBe('฿6,800');
      expect(formatDateTime(NIGHT_1, 'Asia/Tokyo', 'en')).toMatch(/at 9:00 PM/);
      expect(formatDateTime(NIGHT_1, 'Asia/Bangkok', 'en')).toMatch(/at 7:00 PM/);
    }
  });
});

describe('formatDateTime', () => {
  it('shows a show in Bangkok time', () => {
    expect(formatDateTime(NIGHT_1, 'Asia/Bangkok', 'en')).toBe('Saturday, March 13, 2027 at 7:00 PM');
  });

  it('shows the same moment in the fan’s own zone', () => {
    expect(formatDateTime(NIGHT_1, 'Asia/Tokyo', 'en')).toBe('Saturday, March 13, 2027 at 9:00 PM');
    // Still standard time (UTC-8) there: US daylight saving starts the next day, 14 March 2027.
    expect(formatDateTime(NIGHT_1, 'America/Los_Angeles', 'en')).toMatch(/March 13, 2027 at 4:00\sAM/);
  });

  it('uses the Gregorian year for Thai (2027, not the Buddhist 2570)', () => {
    const thai = formatDateTime(NIGHT_1, 'Asia/Bangkok', intlLocaleOf('th'));
    expect(thai).toContain('2027');
    expect(thai).not.toContain('2570');
    expect(thai).toContain('19:00');
    expect(thai).toContain('มีนาคม');
  });

  it('names the time zone', () => {
    expect(formatTimeZoneName('Asia/Bangkok', 'en', NIGHT_1)).toBe('Indochina Time');
  });
});

describe('formatCountdown', () => {
  it('rounds up to whole seconds and never goes negative', () => {
    expect(formatCountdown(8 * 60_000)).toBe('8:00');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});
