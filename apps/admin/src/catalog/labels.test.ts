import { CHANGE_KINDS, COVERAGE_CLASSES } from '@openpayer/catalog';
import { describe, expect, it } from 'vitest';
import { CHANGE_LABEL, CLASS_LABEL, periodText } from './labels.ts';

describe('periodText', () => {
  it('shows the last day in force of a half-open period', () => {
    expect(periodText({ start: '2025-01-01', end: '2027-01-01' })).toBe('2025-01-01 – 2026-12-31');
    expect(periodText({ start: '2024-02-01', end: '2024-03-01' })).toBe('2024-02-01 – 2024-02-29');
  });

  it('says open-ended for a period without an end, and leaves an unreadable end as sent', () => {
    expect(periodText({ start: '2025-01-01', end: null })).toBe('2025-01-01 – (open-ended)');
    expect(periodText({ start: '2025-01-01', end: 'soon' })).toBe('2025-01-01 – soon');
  });
});

describe('labels', () => {
  it('has a distinct label for every class and every kind of change', () => {
    const classes = COVERAGE_CLASSES.map((c) => CLASS_LABEL[c]);
    expect(new Set(classes).size).toBe(COVERAGE_CLASSES.length);
    const changes = CHANGE_KINDS.map((k) => CHANGE_LABEL[k]);
    expect(new Set(changes).size).toBe(CHANGE_KINDS.length);
    expect(changes.every((l) => l.trim() !== '')).toBe(true);
  });
});
