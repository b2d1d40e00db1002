import { claimSchema, validateItemCode } from '@openpayer/domain';
import { demoClaimWire } from '@openpayer/testing';
import { describe, expect, it } from 'vitest';
import { decideClaim } from '../coverage/decide.ts';
import type { CatalogItemWire } from './item.ts';
import { CatalogIndex } from '../lookup/catalog-index.ts';
import { crosswalkSchema } from '../lookup/crosswalk.ts';
import { type CatalogReleaseWire, catalogReleaseSchema } from '../version/release.ts';

/**
 * A city release that lists medical services and consumables beside drugs, with payment
 * standards that differ by institution tier — the wire form an administrator uploads. Codes are
 * real: 001109000010200 普通病房床位费(双人间) and 002504040080100 前列腺酸性磷酸酶测定 from the
 * national rule base; C01010100101001 气管支气管支架 from the 2020 consumable classification.
 */
const STENT = 'C0101010010100100001';
const base = {
  categoryCode: null,
  categoryName: null,
  dosageForm: null,
  negotiated: false,
  agreement: null,
  restrictionText: null,
  restrictions: [],
  indications: [],
  structuring: 'none_needed',
  unparsed: [],
} satisfies Partial<CatalogItemWire>;
const releaseWire: CatalogReleaseWire = {
  id: 'hrb-services-2025',
  title: '哈尔滨市医疗服务项目和医用耗材支付目录（示例）',
  region: '230100',
  effective: { start: '2025-01-01', end: null },
  publishedOn: '2024-12-20',
  source: 'test fixture',
  items: [
    {
      ...base,
      id: 'SVC/001109000010200',
      kind: 'service',
      name: '普通病房床位费(双人间)',
      coverageClass: 'A',
      section: '医疗服务项目',
      codes: ['001109000010200'],
      paymentStandard: {
        text: '一级40元/床日；二级50元/床日；三级60元/床日',
        confidential: false,
        parsed: true,
        prices: [
          { amount: '40.00', unit: '床日', tier: 'primary' },
          { amount: '50.00', unit: '床日', tier: 'secondary' },
          { amount: '60.00', unit: '床日', tier: 'tertiary' },
        ],
      },
    },
    {
      ...base,
      id: 'SVC/002504040080100',
      kind: 'service',
      name: '前列腺酸性磷酸酶测定(化学发光法)',
      coverageClass: 'A',
      section: '医疗服务项目',
      codes: ['002504040080100'],
      paymentStandard: null,
      restrictionText: '限定性别对象：男',
      restrictions: [{ kind: 'sex', source: 'rule_base', text: '限定性别对象：男', sex: 'male' }],
      structuring: 'complete',
    },
    {
      ...base,
      id: `CON/${STENT}`,
      kind: 'consumable',
      name: '气管支气管支架(镍钛合金，全覆膜/Y型)',
      coverageClass: 'B',
      section: '医用耗材',
      codes: [STENT],
      paymentStandard: {
        text: '8000.00元/个',
        confidential: false,
        parsed: true,
        prices: [{ amount: '8000.00', unit: '个' }],
      },
    },
  ],
};

function claimAt(
  tier: 'primary' | 'secondary' | 'tertiary',
  sex: 'male' | 'female',
): ReturnType<typeof claimSchema.parse> {
  const wire = demoClaimWire({
    id: 'C-2025-200001',
    person: { id: 'P-000888', birthDate: '1958-02-01', sex },
    institution: { name: '示范医院', tier },
    admissionDate: '2025-05-01',
    dischargeDate: '2025-05-06',
    lines: [
      {
        id: 'L1',
        kind: 'service',
        code: '001109000010200',
        name: '床位费',
        quantity: '5',
        unitPrice: '70.00',
        amount: '350.00',
        date: '2025-05-06',
      },
      {
        id: 'L2',
        kind: 'service',
        code: '002504040080100',
        name: '前列腺酸性磷酸酶测定',
        quantity: '1',
        unitPrice: '45.00',
        amount: '45.00',
        date: '2025-05-02',
      },
      {
        id: 'L3',
        kind: 'consumable',
        code: STENT,
        name: '气管支架',
        quantity: '1',
        unitPrice: '9500.00',
        amount: '9500.00',
        date: '2025-05-03',
      },
    ],
  });
  return claimSchema.parse(wire);
}

describe('services and consumables in a release', () => {
  const release = catalogReleaseSchema.decode(releaseWire);
  const index = new CatalogIndex(release);

  it('uses real national codes for the service and consumable entries', () => {
    expect(validateItemCode('service', '001109000010200')).toEqual([]);
    expect(validateItemCode('consumable', STENT)).toEqual([]);
  });

  it('gives each tier its own payment standard', () => {
    const price = (tier: 'primary' | 'secondary' | 'tertiary') =>
      decideClaim(
        index,
        claimAt(tier, 'male'),
      )[0]?.decision.paymentStandard?.amount.toFixedString();
    expect([price('primary'), price('secondary'), price('tertiary')]).toEqual([
      '40.00',
      '50.00',
      '60.00',
    ]);
  });

  it('decides a sex-restricted test and a class-B consumable', () => {
    const [, psaFemale] = decideClaim(index, claimAt('tertiary', 'female'));
    expect(psaFemale?.decision).toMatchObject({
      outcome: 'self_pay',
      restrictions: [{ code: 'restriction.sex.mismatch' }],
    });
    const [, psaMale, stent] = decideClaim(index, claimAt('tertiary', 'male'));
    expect(psaMale?.decision.outcome).toBe('covered');
    expect(stent?.decision).toMatchObject({
      outcome: 'covered_first_self_pay',
      itemId: `CON/${STENT}`,
    });
    expect(stent?.decision.paymentStandard?.amount.toFixedString()).toBe('8000.00');
  });

  it('does not look up a service code by drug-style generic or name matching', () => {
    const claim = claimAt('tertiary', 'male');
    const unknown = { ...claim, lines: [{ ...claim.lines[0]!, code: '001109000019999' }] };
    expect(decideClaim(index, unknown)[0]?.decision.outcome).toBe('not_covered');
  });
});

describe('release and crosswalk validation', () => {
  it('refuses a release naming the same item twice or unknown items, with the path', () => {
    const first = releaseWire.items[0]!;
    const result = catalogReleaseSchema.safeParse({
      ...releaseWire,
      items: [...releaseWire.items, first],
      primaryCareFormulary: ['SVC/001109000010200', 'NOPE/1'],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['items.3.id', 'item id "SVC/001109000010200" appears twice'],
      ['primaryCareFormulary.1', 'formulary names unknown item "NOPE/1"'],
    ]);
  });

  it('refuses an unknown field and a bad restriction, naming the field', () => {
    const badItem = { ...releaseWire.items[0]!, colour: 'red' };
    const result = catalogReleaseSchema.safeParse({ ...releaseWire, items: [badItem] });
    expect(result.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      path: ['items', 0],
    });
    const badRestriction = {
      ...releaseWire.items[1]!,
      restrictions: [{ kind: 'age', source: 'manual', text: 'x', minYears: -1 }],
    };
    const second = catalogReleaseSchema.safeParse({ ...releaseWire, items: [badRestriction] });
    expect(second.error?.issues[0]?.path).toEqual(['items', 0, 'restrictions', 0, 'minYears']);
  });

  it('refuses a local code mapped twice for one institution', () => {
    const entry = {
      institutionCode: 'H23010300012',
      localCode: 'YP-1',
      kind: 'drug',
      nationalCode: 'XL02BBA326A001010102180',
    };
    expect(
      crosswalkSchema.safeParse([entry, { ...entry, institutionCode: 'H23010300345' }]).success,
    ).toBe(true);
    const twice = crosswalkSchema.safeParse([entry, entry]);
    expect(twice.error?.issues).toMatchObject([{ path: [1, 'localCode'] }]);
  });
});
