import { describe, expect, it } from 'vitest';
import { nationalTables } from './__fixtures__/tables.ts';
import { GROUP_STATUSES, groupRecord } from './group.ts';
import { generateRecords } from './generate.ts';

describe('grouping generated records from the real tables', () => {
  it('gives every one of 100,000 records a status without a crash', () => {
    const tables = nationalTables();
    const counts = new Map<string, number>();
    let n = 0;
    for (const record of generateRecords(tables, 100_000, 20251123)) {
      const r = groupRecord(tables, record);
      expect(GROUP_STATUSES).toContain(r.status);
      if (r.status === 'grouped') expect(r.drg).not.toBeNull();
      counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      n++;
    }
    expect(n).toBe(100_000);
    console.log(`100,000 generated records: ${JSON.stringify(Object.fromEntries(counts))}`);
    expect(counts.get('grouped') ?? 0).toBeGreaterThan(50_000);
  });
});
