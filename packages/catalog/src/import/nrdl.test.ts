import { describe, expect, it } from 'vitest';
import { loadConditionDictionary, loadImportSettings, readShipped } from '../../node/load.ts';
import { nrdl2024 } from '../__fixtures__/nrdl.ts';
import { catalogReleaseSchema } from '../version/release.ts';
import { importNrdl, parsePaymentStandard } from './nrdl.ts';

const csvText = readShipped('nrdlCsv');
const lines = csvText.split('\r\n');

describe('importNrdl on the real 2024 national drug list', () => {
  it('imports every row into one release and prints the summary', () => {
    const { release, summary } = nrdl2024();
    console.log(`NRDL 2024 import summary:\n${JSON.stringify(summary, null, 2)}`);
    expect(summary.rows).toBe(3826);
    expect(release.items).toHaveLength(3826);
    // The counts the source documents (data/nrdl-2024/SOURCE.md).
    expect(summary.bySection).toEqual({
      西药部分: 1957,
      中成药部分: 1444,
      协议西药: 346,
      协议中成药: 58,
      竞价药品部分: 21,
    });
    expect(
      release.items.filter((i) => i.section === '西药部分' && i.coverageClass === 'A'),
    ).toHaveLength(510);
    expect(
      release.items.filter((i) => i.section === '中成药部分' && i.coverageClass === 'A'),
    ).toHaveLength(257);
    expect(summary.withRestrictionText).toBe(673);
    expect(summary.confidentialPrices).toBe(252);
    expect(summary.negotiated).toBe(425);
    expect(release.items.filter((i) => i.agreement?.end === '2026-01-01')).toHaveLength(212);
    expect(release.items.filter((i) => i.agreement?.end === '2027-01-01')).toHaveLength(213);
    const s = summary.structuring;
    expect(s.none_needed + s.complete + s.partial + s.unparsed).toBe(3826);
    expect(s.none_needed).toBe(3826 - 673 + 4); // no text, or only the ◇ marker
    for (const kind of [
      'diagnosis',
      'evidence',
      'age',
      'institution_tier',
      'setting',
      'line_of_therapy',
      'course',
      'scheme',
    ] as const) {
      expect(summary.restrictionsByKind[kind], kind).toBeGreaterThan(0);
    }
  });

  it('produces a release that its own schema accepts after a round trip through the wire format', () => {
    const { release } = nrdl2024();
    const wire = catalogReleaseSchema.encode(release);
    const json = JSON.parse(JSON.stringify(wire)) as unknown;
    const back = catalogReleaseSchema.decode(json as never);
    expect(back.items).toHaveLength(release.items.length);
    expect(JSON.stringify(catalogReleaseSchema.encode(back))).toBe(JSON.stringify(wire));
  });

  it('keeps the original restriction text on every entry and lists what it could not structure', () => {
    const { release } = nrdl2024();
    const csvRemarks = release.items.filter((i) => i.restrictionText !== null);
    expect(csvRemarks).toHaveLength(673);
    for (const item of release.items) {
      if (item.structuring === 'partial' || item.structuring === 'unparsed') {
        expect(item.unparsed.length, item.id).toBeGreaterThan(0);
      }
      if (item.structuring === 'complete') expect(item.unparsed, item.id).toEqual([]);
    }
  });

  it('records a confidential price as confidential, without inventing a number', () => {
    const item = nrdl2024().release.items.find((i) => i.name === '安奈拉唑钠肠溶片');
    expect(item?.paymentStandard).toEqual({
      text: '*',
      confidential: true,
      prices: [],
      parsed: true,
    });
  });

  it('reads a published payment standard and the agreement window as a half-open period', () => {
    const item = nrdl2024().release.items.find((i) => i.name === '注射用艾普拉唑钠');
    expect(item?.paymentStandard?.prices.map((p) => [p.amount.toFixedString(), p.unit])).toEqual([
      ['63.00', '10mg/支'],
    ]);
    expect(item?.agreement).toEqual({ start: '2024-01-01', end: '2026-01-01' });
    expect(item?.coverageClass).toBe('B');
    expect(item?.negotiated).toBe(true);
  });

  it('joins rule-base national codes to entries and keys rule-base restrictions by code', () => {
    const { release, summary } = nrdl2024();
    const apalutamide = release.items.find((i) => i.name === '阿帕他胺片');
    expect(apalutamide?.codes).toContain('XL02BBA326A001010102180');
    const byCode = release.codeRestrictions.find((c) => c.code === 'XL02BBA326A001010102180');
    expect(byCode?.restrictions).toEqual([
      { kind: 'sex', source: 'rule_base', text: '限定性别对象：男', sex: 'male' },
    ]);
    expect(summary.ruleBase?.codes).toBe(13738);
    expect(summary.ruleBase?.itemsWithCodes).toBeGreaterThan(200);
  });

  it('rejects malformed rows with their line numbers and imports nothing', () => {
    const broken = [...lines];
    broken[2] = (broken[2] ?? '').replace(',乙,', ',丁,'); // line 3: unknown class
    broken[4] = `${broken[4] ?? ''},extra`; // line 5: one field too many
    broken[3500] = (broken[3500] ?? '').replace(/,(\d{4})-01-01,/u, ',$1-13-01,'); // line 3501: bad date
    const result = importNrdl({
      csv: broken.join('\r\n'),
      settings: loadImportSettings(),
      conditions: loadConditionDictionary(),
    });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.data?.['line']])).toEqual([
      ['import.unknown_class', 3],
      ['import.row_width', 5],
      ['import.bad_validity', 3501],
    ]);
    expect('value' in result).toBe(false);
  });

  it('refuses a file whose header is not the national list’s', () => {
    const result = importNrdl({
      csv: `name,class\n阿司匹林,甲\n`,
      settings: loadImportSettings(),
      conditions: loadConditionDictionary(),
    });
    expect(result.issues).toMatchObject([{ code: 'import.header_mismatch', path: [1] }]);
  });

  it('refuses a procedure whose statusTerm is no term of the dictionary, naming the field', () => {
    const settings = loadImportSettings();
    const result = importNrdl({
      csv: csvText,
      settings: {
        ...settings,
        procedures: [...settings.procedures, { ...settings.procedures[0]!, statusTerm: '无此病' }],
      },
      conditions: loadConditionDictionary(),
    });
    expect(result.issues).toMatchObject([
      {
        code: 'import.unknown_status_term',
        path: ['settings', 'procedures', settings.procedures.length, 'statusTerm'],
      },
    ]);
  });

  it('refuses the same entry twice, naming both lines', () => {
    const doubled = `${csvText.trimEnd()}\r\n${lines[1] ?? ''}\r\n`;
    const result = importNrdl({
      csv: doubled,
      settings: loadImportSettings(),
      conditions: loadConditionDictionary(),
    });
    expect(result.issues).toMatchObject([
      {
        code: 'import.duplicate_item',
        data: { line: 3828, firstLine: 2, id: 'XA01/复方硼砂/外用液体剂' },
      },
    ]);
  });

  it('refuses a negotiated drug without its agreement window', () => {
    const row = lines.findIndex((l) => l.startsWith('协议西药,'));
    const broken = [...lines];
    broken[row] = (broken[row] ?? '').replace(
      /,2024年1月1日至2025年12月31日,2024-01-01,2025-12-31$/u,
      ',,,',
    );
    const result = importNrdl({
      csv: broken.join('\r\n'),
      settings: loadImportSettings(),
      conditions: loadConditionDictionary(),
    });
    expect(result.issues).toMatchObject([
      { code: 'import.missing_validity', data: { line: row + 1 } },
    ]);
  });
});

describe('parsePaymentStandard', () => {
  it('reads several specifications, a per-pack price and keeps what it cannot read verbatim', () => {
    expect(parsePaymentStandard('')).toBeNull();
    const several = parsePaymentStandard(
      '3. 18元(按C20H21FN2O计:5ml:5mg/瓶)；5.40元(按C20H21FN2O计:10ml:10mg/瓶)',
    );
    expect(several?.prices.map((p) => p.amount.toDecimalString())).toEqual(['3.18', '5.40']);
    const pack = parsePaymentStandard('479.00元/盒(先诺特韦片0.375g/利托那韦片0.1g,每盒30片)');
    expect(pack?.prices[0]?.unit).toBe('盒(先诺特韦片0.375g/利托那韦片0.1g,每盒30片)');
    expect(
      parsePaymentStandard('见备注2(每粒胶囊含碘[131I]的放射性活度为37-3700MBq)'),
    ).toMatchObject({
      confidential: false,
      parsed: false,
      prices: [],
    });
  });

  it('reads every published payment standard of the real list but one', () => {
    const { release } = nrdl2024();
    const unparsed = release.items
      .filter((i) => i.paymentStandard?.parsed === false)
      .map((i) => i.name);
    expect(unparsed).toEqual(['治疗用碘[131I]化钠胶囊']);
  });
});
