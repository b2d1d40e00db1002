import { type Claim, type ClaimWire, claimSchema } from '@openpayer/domain';
import { demoClaimWire } from '@openpayer/testing';
import { importShippedNrdl2024 } from '../../node/load.ts';
import type { CatalogItem } from '../item/item.ts';
import { CatalogIndex } from '../lookup/catalog-index.ts';
import type { NrdlImport } from '../import/nrdl.ts';

/** The real 2024 national drug list with the rule base, imported once per test file. */
let cached: NrdlImport | undefined;
export function nrdl2024(): NrdlImport {
  if (cached === undefined) {
    const result = importShippedNrdl2024();
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5)));
    cached = result.value;
  }
  return cached;
}

let cachedIndex: CatalogIndex | undefined;
export function nrdlIndex(): CatalogIndex {
  cachedIndex ??= new CatalogIndex(nrdl2024().release, [
    {
      institutionCode: 'H23010300012' as never,
      localCode: 'YP-0001',
      kind: 'drug',
      nationalCode: 'XL02BBA326A001010102180',
      localName: '阿帕他胺片 60mg',
    },
  ]);
  return cachedIndex;
}

/** The entry with this name (and category, when a name is listed twice). */
export function itemNamed(name: string, categoryCode?: string): CatalogItem {
  const found = nrdl2024().release.items.filter(
    (i) => i.name === name && (categoryCode === undefined || i.categoryCode === categoryCode),
  );
  if (found.length !== 1)
    throw new Error(`expected one entry named ${name}, found ${found.length}`);
  return found[0] as CatalogItem;
}

const TERTIARY = {
  code: 'H23010300012',
  name: '哈尔滨示范三级医院',
  tier: 'tertiary',
  region: '230100',
} as const;
export const COMMUNITY = {
  code: 'H23010300345',
  name: '道里区示范社区卫生服务中心',
  tier: 'primary',
  region: '230100',
  alliance: { id: 'HRB-ALLIANCE-1', isLead: false },
} as const;

/** A lung-cancer outpatient claim with one drug line; override any part for a case. */
export function lungCancerClaim(
  change: (claim: ClaimWire & Record<string, unknown>) => void = () => undefined,
): Claim {
  const wire = demoClaimWire({
    id: 'C-2025-100001',
    type: 'outpatient',
    person: { id: 'P-000777' },
    institution: { ...TERTIARY },
    admissionDate: '2025-04-10',
    dischargeDate: null,
    attendingPrescriber: { id: 'D-0101', title: 'associate_chief' },
    diagnoses: [
      { code: 'C34.900', name: '肺恶性肿瘤', role: 'principal' },
      // The histology: C34 alone cannot tell non-small-cell from small-cell lung cancer.
      { code: 'M81400/3', name: '腺癌', role: 'secondary' },
    ],
    lines: [
      {
        id: 'L1',
        kind: 'drug',
        code: 'XL01EBD999A001010100001',
        name: '达可替尼片',
        quantity: '30',
        unitPrice: '150.00',
        amount: '4500.00',
        date: '2025-04-10',
        lineOfTherapy: 1,
        daysSupply: 30,
      },
    ],
    evidence: [
      {
        kind: 'biomarker',
        test: 'EGFR',
        result: 'positive',
        variant: 'exon 19 deletion',
        date: '2025-03-28',
      },
    ],
  });
  change(wire);
  return claimSchema.parse(wire);
}
