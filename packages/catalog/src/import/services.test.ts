import { type ClaimWire, claimSchema } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import {
  importShippedDemoCatalog,
  loadDemoServiceSchedule,
  loadServiceImportSettings,
  readShipped,
} from '../../node/load.ts';
import { decideClaim } from '../coverage/decide.ts';
import { CatalogIndex } from '../lookup/catalog-index.ts';
import { catalogReleaseSchema } from '../version/release.ts';
import { importConsumables } from './consumables.ts';
import { applySchedule, importServiceCatalog, serviceScheduleSchema } from './schedule.ts';
import { importServiceItems } from './services.ts';

const settings = loadServiceImportSettings();

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** Rows copied from the published `item_restrictions.csv` (its real header and column order). */
const HEADER =
  'batch,source_file,item_name,item_code,restriction_type,restriction_value,description,limit_quantity,limit_unit,period_days';
const ROWS = [
  '第一批,【第一批】项目规则库(限定性别对象).xlsx,阴茎海绵体造影,002101030280000,限定性别对象,男,男性泌尿生殖系统相关检查,,,',
  '第一批,【第一批】项目规则库(限定年龄对象).xlsx,儿童前牙树脂冠修复,003105120040000,限定年龄对象,儿童,,,,',
  '第一批,【第一批】项目规则库(限定年龄对象).xlsx,新生儿暖箱,003112020010000,限定年龄对象,新生儿,,,,',
  '第八批-1,【第八批-1】项目规则库（限定频次）.xlsx,普通病房床位费,001109000010000,限定频次,,,1,日,',
  '第八批-1,【第八批-1】项目规则库（限定频次）.xlsx,心电监测,003107010220000,限定频次,,,24,小时,',
  '第八批-4,【第八批-4】项目规则库（限定周期）.xlsx,糖化血红蛋白测定,002503020030000,限定周期,,诊疗规范：糖化血红蛋白水平反映近2-3个月的平均血糖水平。,1,,15',
  '第八批-3,【第八批-3】项目规则库（限定疗程）.xlsx,手功能评定,003402000050000,限定疗程,,总时间不超过90天，评定间隔时间不短于14天。,,,',
  '第八批-3,【第八批-3】项目规则库（限定疗程）.xlsx,儿童听力障碍语言训练,003402000350000,限定疗程,,支付不超过一年，每周最多支付一次。,,,',
  '第八批-2,【第八批-2】项目规则库（限定年龄）.xlsx,职业功能训练,003402000320000,限定年龄,,参保人年龄超出法定就业年龄限制,,,',
  '第二批,【第二批】项目规则库(限定主次操作).xlsx,食管胃吻合口狭窄切开成形术,003310010160000,限定主次操作,胃肠手术组,经同一切口进行的两种及以上不同的手术，第二及以后的手术未按规定折价计收,,,',
];
const DUPLICATES = [
  'batch,source_file,seq,frequency,main_item_name,main_item_code,secondary_item_name,secondary_item_code,note',
  '第七批,【第七批 】项目规则库（重复收费）.xlsx,2,单日,急诊监护费,001103000010000,普通病房床位费(双人间),001109000010200,含监护、床位、诊查、护理',
].join('\n');

function imported() {
  const result = importServiceItems({
    restrictionsCsv: [HEADER, ...ROWS].join('\n'),
    duplicateChargesCsv: DUPLICATES,
    settings,
    coverageClass: 'A',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
const item = (code: string) => {
  const found = imported().items.find((i) => i.codes[0] === code);
  if (found === undefined) throw new Error(`no item ${code}`);
  return found;
};

describe('importServiceItems on rows of the published rule base', () => {
  it('reads sex, age, per-day frequency, times per period and course into restrictions', () => {
    expect(item('002101030280000').restrictions).toMatchObject([{ kind: 'sex', sex: 'male' }]);
    expect(item('003105120040000').restrictions).toMatchObject([{ kind: 'age', maxYears: 17 }]);
    expect(item('001109000010000').restrictions).toMatchObject([
      { kind: 'frequency', maxPerDay: '1' },
    ]);
    expect(item('003107010220000').restrictions).toMatchObject([
      { kind: 'frequency', maxPerDay: '24' },
    ]);
    expect(item('002503020030000').restrictions).toMatchObject([
      { kind: 'quantity', maxQuantity: '1', periodDays: 15 },
    ]);
    expect(item('003402000050000')).toMatchObject({
      structuring: 'complete',
      restrictions: [
        { kind: 'course', maxDays: 90 },
        { kind: 'quantity', maxQuantity: '1', periodDays: 14 },
      ],
    });
  });

  it('keeps what no kind can say as unparsed text for a reviewer', () => {
    expect(item('003402000350000')).toMatchObject({
      structuring: 'partial',
      restrictions: [{ kind: 'quantity', periodDays: 7 }],
      unparsed: ['支付不超过一年'],
    });
    // 新生儿 is the first 28 days of life: a bound in days.
    expect(item('003112020010000')).toMatchObject({
      structuring: 'complete',
      restrictions: [{ kind: 'age', maxDays: 27 }],
      unparsed: [],
    });
    expect(item('003402000320000')).toMatchObject({
      structuring: 'unparsed',
      restrictions: [],
      unparsed: ['限定年龄：参保人年龄超出法定就业年龄限制'],
    });
  });

  it('records the procedure group whose second procedure through one incision is discounted', () => {
    expect(item('003310010160000')).toMatchObject({
      procedureGroup: '胃肠手术组',
      restrictions: [],
      structuring: 'complete',
    });
  });

  it('lists the items of the duplicate-charge pairs, extensions inheriting their base item rules', () => {
    const ids = imported().items.map((i) => i.id);
    expect(ids).toContain('SVC/001103000010000');
    // 普通病房床位费(双人间) is an extension (…0200) of 001109000010000: 1 per day holds for it.
    expect(item('001109000010200')).toMatchObject({
      name: '普通病房床位费(双人间)',
      restrictions: [{ kind: 'frequency', maxPerDay: '1' }],
    });
  });

  it('refuses a malformed code and a missing column, naming the line and column', () => {
    const bad = importServiceItems({
      restrictionsCsv: [HEADER, ROWS[0]?.replace('002101030280000', '00210103028')].join('\n'),
      settings,
      coverageClass: 'A',
    });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.issues).toMatchObject([
      { code: 'import.bad_item_code', path: ['item_restrictions.csv', 2, 'item_code'] },
    ]);
    const missing = importServiceItems({
      restrictionsCsv: 'item_name,item_code\n床位费,001109000010000',
      settings,
      coverageClass: 'A',
    });
    expect(missing.ok ? [] : missing.issues.map((i) => [i.code, i.data?.['missing']])).toEqual([
      [
        'import.header_mismatch',
        [
          'restriction_type',
          'restriction_value',
          'description',
          'limit_quantity',
          'limit_unit',
          'period_days',
        ],
      ],
    ]);
  });
});

describe('consumables and the price schedule', () => {
  it('imports every classification of the 2020 consumable list, checked', () => {
    const result = importConsumables({
      csv: readShipped('consumables'),
      settings,
      coverageClass: 'B',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
    expect(result.value).toHaveLength(9011);
    expect(result.value[0]).toMatchObject({
      id: 'CON/C01010100101001',
      kind: 'consumable',
      name: '支架(镍钛合金，全覆膜/Y型)',
      categoryCode: 'C010101',
      categoryName: '气管支气管支架',
      coverageClass: 'B',
    });
  });

  it('refuses a schedule price for a code no item has, and a code listed twice', () => {
    const schedule = loadDemoServiceSchedule();
    const typo = { ...schedule, items: [{ ...schedule.items[0]!, code: '001109000019999' }] };
    const applied = applySchedule(imported().items, serviceScheduleSchema.parse(typo));
    expect(applied.ok ? [] : applied.issues).toMatchObject([
      { code: 'import.schedule_unknown_code', path: ['items', 0, 'code'] },
    ]);
    const twice = serviceScheduleSchema.safeParse({
      ...schedule,
      items: [schedule.items[0], schedule.items[0]],
    });
    expect(twice.error?.issues.map((i) => i.path)).toEqual([['items', 1, 'code']]);
  });

  it('prices the schedule items per tier and classes the rest by the default', () => {
    const result = importServiceCatalog({
      itemRestrictionsCsv: readShipped('ruleBaseItemRestrictions'),
      duplicateChargesCsv: readShipped('ruleBaseDuplicateCharges'),
      consumablesCsv: readShipped('consumables'),
      settings,
      schedule: loadDemoServiceSchedule(),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
    const services = result.value.filter((i) => i.kind === 'service');
    console.log(
      `service items: ${services.length}; structuring ${JSON.stringify(count(services.map((i) => i.structuring)))}`,
    );
    expect(services).toHaveLength(1188);
    const bed = services.find((i) => i.id === 'SVC/001109000010200');
    expect(bed?.paymentStandard?.prices.map((p) => [p.tier, p.amount.toFixedString()])).toEqual([
      ['primary', '25.00'],
      ['secondary', '35.00'],
      ['tertiary', '45.00'],
    ]);
    expect(services.every((i) => i.coverageClass === 'A')).toBe(true);
  });
});

function inpatient(lines: ClaimWire['lines'], sex: 'male' | 'female' = 'male') {
  const total = lines.reduce((sum, l) => sum + Number(l.amount), 0).toFixed(2);
  return claimSchema.parse({
    id: 'C-2025-300001',
    type: 'inpatient',
    person: {
      id: 'P-000901',
      birthDate: '1960-03-01',
      sex,
      insuranceType: 'employee',
      insuredRegion: '230100',
    },
    institution: {
      code: 'H23010200101',
      name: '示范二级医院',
      tier: 'secondary',
      region: '230100',
    },
    admissionDate: '2025-03-01',
    dischargeDate: '2025-03-06',
    diagnoses: [{ code: 'J18.900', role: 'principal' }],
    lines,
    totalAmount: total,
  } satisfies ClaimWire);
}
const line = (id: string, kind: 'service' | 'consumable', code: string, quantity: string) => ({
  id,
  kind,
  code,
  name: id,
  quantity,
  unitPrice: '10.00',
  amount: (Number(quantity) * 10).toFixed(2),
  date: '2025-03-06',
});

describe('the demo catalog decides service and consumable lines', () => {
  const result = importShippedDemoCatalog();
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
  const release = result.value.release;
  const index = new CatalogIndex(release);

  it('is one valid release of drugs, services and consumables', () => {
    expect(count(release.items.map((i) => i.kind))).toEqual({
      drug: 3826,
      service: 1188,
      consumable: 9011,
    });
    // The service and consumable items survive the wire form (the drug items have their own test).
    const others = release.items.filter((i) => i.kind !== 'drug');
    const wire = catalogReleaseSchema.encode({
      ...release,
      items: others,
      codeRestrictions: [],
      primaryCareFormulary: null,
      substitutionGroups: [],
    });
    const back = catalogReleaseSchema.safeParse(wire);
    expect(back.error?.issues.slice(0, 3)).toBeUndefined();
    expect(back.data?.items).toHaveLength(1188 + 9011);
  });

  it('pays a bed for each day of the stay and no more (限定频次 1/日)', () => {
    const [fiveDays, sevenDays] = decideClaim(
      index,
      inpatient([
        line('L1', 'service', '001109000010200', '5'),
        line('L2', 'service', '001109000010300', '7'),
      ]),
    );
    expect(fiveDays?.decision).toMatchObject({
      outcome: 'covered',
      itemId: 'SVC/001109000010200',
      restrictions: [{ kind: 'frequency', result: 'met' }],
    });
    expect(fiveDays?.decision.paymentStandard?.amount.toFixedString()).toBe('35.00');
    expect(sevenDays?.decision).toMatchObject({
      outcome: 'self_pay',
      restrictions: [{ kind: 'frequency', code: 'restriction.frequency.exceeded' }],
    });
  });

  it('decides a sex-restricted examination and a consumable by its product code', () => {
    const stent27 = 'C01010100101001ABCDE0000001';
    const [psa, stent, unknown] = decideClaim(
      index,
      inpatient(
        [
          line('L1', 'service', '002504040080100', '1'),
          line('L2', 'consumable', stent27, '1'),
          line('L3', 'consumable', 'C99999999999999ABCDE', '1'),
        ],
        'female',
      ),
    );
    expect(psa?.decision).toMatchObject({
      outcome: 'self_pay',
      restrictions: [{ code: 'restriction.sex.mismatch' }],
    });
    expect(stent?.decision).toMatchObject({
      outcome: 'covered_first_self_pay',
      itemId: 'CON/C01010100101001',
      matchedBy: 'generic',
    });
    expect(unknown?.decision.outcome).toBe('not_covered');
  });
});
