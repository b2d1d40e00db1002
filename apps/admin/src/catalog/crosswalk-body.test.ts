import { describe, expect, it } from 'vitest';
import { type CrosswalkFields, crosswalkBody } from './crosswalk-body.ts';

const FIELDS: CrosswalkFields = {
  base: 'nrdl-2024',
  id: ' nrdl-2024-xw1 ',
  effectiveFrom: '2025-07-10',
  publishedOn: '2025-07-01',
  replace: false,
};
const ROW = 'H23010300012,YP-0001,drug,XL02BBA326A001010102180,阿帕他胺片 60mg';
const CSV = `institutionCode,localCode,kind,nationalCode,localName\n${ROW}\n`;

describe('crosswalkBody', () => {
  it('sends a CSV file as CSV text, with the header fields trimmed and the mode', () => {
    const read = crosswalkBody(FIELDS, CSV);
    expect(read).toMatchObject({
      ok: true,
      body: { format: 'csv', id: 'nrdl-2024-xw1', mode: 'merge', csv: CSV },
    });
    if (read.ok) expect(read.entries.map((e) => e.localCode)).toEqual(['YP-0001']);
    expect(crosswalkBody({ ...FIELDS, replace: true }, CSV)).toMatchObject({
      body: { mode: 'replace' },
    });
  });

  it('sends a JSON array as entries', () => {
    const entries = [
      {
        institutionCode: 'H23010300012',
        localCode: 'A1',
        kind: 'drug',
        nationalCode: 'XL02BBA326A001010102180',
      },
    ];
    expect(crosswalkBody(FIELDS, JSON.stringify(entries))).toMatchObject({
      ok: true,
      body: { format: 'entries', entries },
    });
  });

  it('names the CSV line, the array index and the missing column before anything is sent', () => {
    const badRow = crosswalkBody(FIELDS, `${CSV}H23010300012,YP-0002,pill,X,\n`);
    expect(badRow).toMatchObject({
      ok: false,
      issues: [{ code: 'crosswalk.invalid', path: ['line', 3, 'kind'] }],
    });
    const twice = crosswalkBody(FIELDS, `${CSV}${ROW}\n`);
    expect(twice.ok ? [] : twice.issues.map((i) => i.path)).toEqual([['line', 3, 'localCode']]);
    expect(crosswalkBody(FIELDS, 'a,b\n1,2\n')).toMatchObject({
      ok: false,
      issues: [{ code: 'crosswalk.header_mismatch' }],
    });
    const badEntry = crosswalkBody(FIELDS, '[{"localCode": 1}]');
    expect(badEntry.ok ? [] : badEntry.issues.map((i) => i.path)).toContainEqual([
      'entries',
      0,
      'institutionCode',
    ]);
    expect(crosswalkBody(FIELDS, '[oops')).toMatchObject({
      ok: false,
      issues: [{ code: 'crosswalk.invalid', path: ['file'] }],
    });
  });
});
