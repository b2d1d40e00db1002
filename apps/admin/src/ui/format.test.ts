import { describe, expect, it } from 'vitest';
import { percent, timestamp, yuan } from './format.ts';

describe('yuan', () => {
  it('groups the whole part and keeps the sign and every decimal as sent', () => {
    expect(yuan('1234567.50')).toBe('1,234,567.50');
    expect(yuan('-1000.125')).toBe('-1,000.125');
    expect(yuan('999.00')).toBe('999.00');
    expect(yuan(' 12345 ')).toBe('12,345');
  });

  it('leaves anything that is not a plain decimal as it is', () => {
    expect(yuan('1e5')).toBe('1e5');
    expect(yuan('abc')).toBe('abc');
  });
});

describe('percent', () => {
  it('moves the decimal point in the string, exactly', () => {
    expect(percent('0.85')).toBe('85%');
    expect(percent('0.125')).toBe('12.5%');
    expect(percent('1')).toBe('100%');
    expect(percent('0.05')).toBe('5%');
    expect(percent('0.333333333333')).toBe('33.3333333333%');
  });

  it('leaves a negative or malformed ratio as it is', () => {
    expect(percent('-0.5')).toBe('-0.5');
    expect(percent('0,85')).toBe('0,85');
  });
});

describe('timestamp', () => {
  it('shows an ISO instant as date and minutes in the local zone', () => {
    const iso = '2026-11-23T14:05:09.000Z';
    const local = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(timestamp(iso)).toBe(
      `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`,
    );
    expect(timestamp(iso)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/u);
  });

  it('leaves an unreadable timestamp as it is', () => {
    expect(timestamp('yesterday')).toBe('yesterday');
  });
});
