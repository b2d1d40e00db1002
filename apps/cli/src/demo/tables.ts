import {
  type CatalogIndex,
  type CatalogItem,
  type PaymentPrice,
  type Restriction,
  parseCsv,
} from '@openpayer/catalog';
import {
  type ClaimType,
  type InstitutionTier,
  type Scheme,
  type Sex,
  INSTITUTION_TIERS,
  validateDiagnosisCode,
  validateDrugCode,
  validateProcedureCode,
  validateServiceCode,
} from '@openpayer/domain';
import clinicalJson from '../../data/demo/clinical.json' with { type: 'json' };
import { hashString } from './rng.ts';

/**
 * The look-up tables the demo generator draws from: the curated clinical tables
 * (`data/demo/clinical.json`: conditions, comorbidities, services, Harbin districts) joined with
 * the catalog — every drug a real national code (from the smart-review rule base) that the
 * catalog resolves, with the item's and the code's restrictions and a list price; every service
 * its catalog item's payment standard per tier.
 */

export interface CodedName {
  readonly code: string;
  readonly name: string;
}

export interface ProcedureSpec extends CodedName {
  readonly weight: number;
  readonly technique?: 'open' | 'laparoscopic' | 'robotic' | 'endoscopic' | 'percutaneous';
}

export interface EvidenceSpec {
  readonly test: string;
  /** Probability the claim carries a positive result, then a negative one; else none. */
  readonly positive: number;
  readonly negative: number;
}

/** An earlier therapy a claim of the condition may record (prior_therapy evidence), and how often. */
interface PriorTherapySpec {
  readonly therapy: string;
  readonly outcome: 'received' | 'failed' | 'intolerant' | 'contraindicated' | 'not_received';
  readonly rate: number;
}

export interface ConditionSpec {
  readonly id: string;
  readonly diagnosis: CodedName;
  readonly department: string;
  readonly weights: Partial<Record<ClaimType, number>>;
  /** Inclusive age range in completed years at the visit. */
  readonly age: readonly [number, number];
  readonly sex: Exclude<Sex, 'unknown'> | null;
  readonly tiers: Readonly<Record<InstitutionTier, number>> | null;
  /** Inclusive length-of-stay range (days) for inpatient claims. */
  readonly los: readonly [number, number] | null;
  /** Drug classification prefixes (药品分类代码) of the items the condition is treated with. */
  readonly drugs: readonly string[];
  readonly drugsPerClaim: readonly [number, number];
  readonly procedures: readonly ProcedureSpec[];
  readonly procedureRate: number;
  readonly secondaryProcedures: readonly ProcedureSpec[];
  readonly services: readonly string[];
  readonly evidence: readonly EvidenceSpec[];
  /** Earlier therapies its claims may record (none when absent). */
  readonly priorTherapies?: readonly PriorTherapySpec[];
  /** The fund an employee's claim for this condition may go to instead of medical insurance. */
  readonly scheme: Exclude<Scheme, 'medical'> | null;
}

export interface ComorbiditySpec extends CodedName {
  readonly minAge: number;
  readonly rate: number;
}

export interface ServiceSpec extends CodedName {
  readonly key: string;
  readonly unit: string;
}

export interface ClinicalTables {
  readonly region: CodedName;
  readonly year: number;
  readonly districts: readonly CodedName[];
  readonly conditions: readonly ConditionSpec[];
  readonly comorbidities: readonly ComorbiditySpec[];
  readonly services: readonly ServiceSpec[];
}

export const CLINICAL: ClinicalTables = clinicalJson as unknown as ClinicalTables;

/** How a drug is dispensed, which decides its quantity pattern and its list price range. */
export type DrugForm =
  | 'oral_solid'
  | 'granule'
  | 'liquid'
  | 'injection'
  | 'biologic'
  | 'vaccine'
  | 'intravitreal'
  | 'topical'
  | 'suppository';

export interface DrugProduct {
  /** A real national drug code (国家医保药品编码). */
  readonly code: string;
  readonly name: string;
  readonly item: CatalogItem | null;
  readonly form: DrugForm;
  /** The item's restrictions and the code's rule-base restrictions: all must hold. */
  readonly restrictions: readonly Restriction[];
  readonly inPrimaryFormulary: boolean;
  /** Shortest course allowed by a `course` restriction, if any. */
  readonly maxDays: number | null;
  readonly lineOfTherapy: { readonly min: number; readonly max: number | null } | null;
  /** Unit price per tier (primary, secondary, tertiary) in 1/10,000 yuan (an integer). */
  readonly unitPrice: readonly [number, number, number];
}

export interface Institution {
  readonly code: string;
  readonly name: string;
  readonly tier: InstitutionTier;
  readonly district: string;
  readonly alliance: { readonly id: string; readonly isLead: boolean } | null;
  readonly technologies: readonly {
    readonly kind: 'robotic_surgery_system' | 'pet_ct';
    readonly origin: 'domestic' | 'imported';
  }[];
}

export interface PreparedCondition {
  readonly spec: ConditionSpec;
  /** Products of the condition's drug classes, grouped by catalog item. */
  readonly drugs: readonly (readonly DrugProduct[])[];
}

export interface PreparedService {
  readonly spec: ServiceSpec;
  /** Price per tier in 1/10,000 yuan. */
  readonly unitPrice: readonly [number, number, number];
}

export interface DemoTables {
  readonly catalog: CatalogIndex;
  readonly conditions: readonly PreparedCondition[];
  readonly services: ReadonlyMap<string, PreparedService>;
  readonly institutions: Readonly<Record<InstitutionTier, readonly Institution[]>>;
  /** Real national codes the catalog does not list (丙类 / not in the 2024 list). */
  readonly outOfCatalog: readonly DrugProduct[];
  readonly comorbidities: readonly ComorbiditySpec[];
}

/** Price units: 1/10,000 yuan, so a per-tablet price like 0.1234 is an integer. */
export const PRICE_SCALE = 10_000;

/** `"12.30"` → 123000 (1/10,000 yuan). Up to 4 decimals; more would not be an exact integer. */
export function priceUnits(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/u.exec(text);
  if (match === null) throw new RangeError(`not a price with at most 4 decimals: "${text}"`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(4, '0'));
  return whole * PRICE_SCALE + fraction;
}

export interface RuleBaseDrugCode {
  readonly code: string;
  readonly genericName: string;
}

/** The national drug codes of the rule base's code CSV (`batch,generic_name,national_drug_code,…`). */
export function ruleBaseDrugCodes(csv: string): RuleBaseDrugCode[] {
  const parsed = parseCsv(csv);
  const codeAt = parsed.header.indexOf('national_drug_code');
  const nameAt = parsed.header.indexOf('generic_name');
  if (codeAt < 0 || nameAt < 0)
    throw new Error('the rule-base drug code CSV has no national_drug_code / generic_name column');
  const seen = new Set<string>();
  const out: RuleBaseDrugCode[] = [];
  for (const record of parsed.records) {
    const code = record.fields[codeAt] ?? '';
    const genericName = record.fields[nameAt] ?? '';
    if (code === '' || genericName === '' || seen.has(code)) continue;
    if (validateDrugCode(code).length > 0) continue;
    seen.add(code);
    out.push({ code, genericName });
  }
  return out;
}

export function buildDemoTables(
  catalog: CatalogIndex,
  drugCodes: readonly RuleBaseDrugCode[],
): DemoTables {
  checkClinicalCodes(CLINICAL);
  const byItem = new Map<string, DrugProduct[]>();
  const outOfCatalog: DrugProduct[] = [];
  for (const { code, genericName } of drugCodes) {
    const resolved = catalog.resolve({ kind: 'drug', code });
    if (resolved === undefined) {
      // Out of the list whatever the line calls it: not by code, generic key or name.
      if (catalog.resolve({ kind: 'drug', code, name: genericName }) !== undefined) continue;
      outOfCatalog.push(product(code, genericName.slice(0, 100), null, catalog));
      continue;
    }
    const item = resolved.item;
    const list = byItem.get(item.id);
    const entry = product(code, item.name, item, catalog);
    if (list === undefined) byItem.set(item.id, [entry]);
    else list.push(entry);
  }
  const itemsByClass = [...byItem.values()];
  const conditions = CLINICAL.conditions.map((spec) => ({
    spec,
    drugs: itemsByClass.filter((products) => {
      const category = products[0]?.item?.categoryCode ?? '';
      return spec.drugs.some((prefix) => category.startsWith(prefix));
    }),
  }));
  const services = new Map<string, PreparedService>();
  for (const spec of CLINICAL.services) {
    services.set(spec.key, { spec, unitPrice: servicePrices(catalog, spec) });
  }
  return {
    catalog,
    conditions,
    services,
    institutions: harbinInstitutions(CLINICAL.districts),
    outOfCatalog: outOfCatalog.filter((p) => p.form === 'oral_solid' || p.form === 'granule'),
    comorbidities: CLINICAL.comorbidities,
  };
}

/**
 * What a demo hospital charges for a service: the catalog's payment standard for its tier (the
 * demo schedule, `packages/catalog/data/services/demo-230100-prices.json`) — one price list for
 * the generator and the fund, so the demo shows services paid at the standard.
 */
function servicePrices(catalog: CatalogIndex, spec: ServiceSpec): [number, number, number] {
  const item = catalog.resolve({ kind: 'service', code: spec.code })?.item;
  const prices = item?.paymentStandard?.prices ?? [];
  const at = (tier: InstitutionTier) => {
    const price = prices.find((p) => p.tier === tier) ?? prices.find((p) => p.tier === undefined);
    if (price === undefined)
      throw new Error(
        `the demo catalog has no ${tier} payment standard for service ${spec.code} (${spec.name})`,
      );
    return priceUnits(price.amount.toDecimalString());
  };
  return [at('primary'), at('secondary'), at('tertiary')];
}

function product(
  code: string,
  name: string,
  item: CatalogItem | null,
  catalog: CatalogIndex,
): DrugProduct {
  const restrictions = [...(item?.restrictions ?? []), ...catalog.codeRestrictions(code)];
  const all = [...restrictions, ...(item?.indications.flatMap((i) => i.restrictions) ?? [])];
  let maxDays: number | null = null;
  let lineOfTherapy: DrugProduct['lineOfTherapy'] = null;
  for (const r of all) {
    if (r.kind === 'course') maxDays = Math.min(maxDays ?? r.maxDays, r.maxDays);
    if (r.kind === 'line_of_therapy') lineOfTherapy = { min: r.minLine, max: r.maxLine ?? null };
  }
  const form = formOf(item, name);
  return {
    code,
    name,
    item,
    form,
    restrictions,
    inPrimaryFormulary: item !== null && (catalog.formulary?.has(item.id) ?? true),
    maxDays,
    lineOfTherapy,
    unitPrice: [
      listPrice(code, form, item, 'primary'),
      listPrice(code, form, item, 'secondary'),
      listPrice(code, form, item, 'tertiary'),
    ],
  };
}

function formOf(item: CatalogItem | null, name: string): DrugForm {
  const text = `${item?.dosageForm ?? ''}${name}`;
  if (/玻璃体|眼用注射|眼内注射/u.test(text)) return 'intravitreal';
  if (/疫苗|肉毒毒素/u.test(text)) return 'vaccine';
  if (/注射|冻干/u.test(text)) {
    return item !== null && (item.negotiated || item.paymentStandard?.confidential === true)
      ? 'biologic'
      : 'injection';
  }
  if (/软膏|乳膏|凝胶|外用|贴/u.test(text)) return 'topical';
  if (/栓|阴道/u.test(text)) return 'suppository';
  if (/糖浆|合剂|口服液|灌肠|液/u.test(text)) return 'liquid';
  if (/颗粒|散|干混悬|膏/u.test(text)) return 'granule';
  return 'oral_solid';
}

/** List price ranges (yuan per unit) by form: low, high, decimals of the unit price. */
const PRICE_RANGES: Readonly<Record<DrugForm, readonly [number, number, 2 | 4]>> = {
  oral_solid: [0.05, 4, 4],
  granule: [0.5, 6, 2],
  liquid: [1.2, 9, 2],
  injection: [2, 80, 2],
  biologic: [600, 5000, 2],
  vaccine: [40, 300, 2],
  intravitreal: [1500, 5000, 2],
  topical: [8, 60, 2],
  suppository: [1, 8, 2],
};

/**
 * The unit price a hospital charges: the payment standard (医保支付标准) when the list publishes
 * one for the tier — a fifth of products 5% above it — otherwise a synthetic list price drawn
 * once per code (log-uniform in its form's range), so the same product always costs the same.
 * The result is an integer number of 1/10,000 yuan.
 */
function listPrice(
  code: string,
  form: DrugForm,
  item: CatalogItem | null,
  tier: InstitutionTier,
): number {
  const hash = hashString(code);
  const standard = paymentStandardFor(item, tier, hash);
  if (standard !== null) {
    const units = priceUnits(standard.amount.toDecimalString());
    if (hash % 5 !== 0) return units;
    // 5% above, at the fen: integer arithmetic on 1/10,000 yuan.
    const fen = Math.ceil(units / 100);
    return Math.floor((fen * 105 + 50) / 100) * 100;
  }
  const [low, high, decimals] = PRICE_RANGES[form];
  const u = (hash >>> 8) / 0x100_0000;
  const step = decimals === 4 ? 1 : 100;
  return Math.max(step, Math.round((low * (high / low) ** u * PRICE_SCALE) / step) * step);
}

function paymentStandardFor(
  item: CatalogItem | null,
  tier: InstitutionTier,
  hash: number,
): PaymentPrice | null {
  const prices = item?.paymentStandard?.prices ?? [];
  if (prices.length === 0) return null;
  const forTier = prices.filter((p) => p.tier === tier);
  const candidates = forTier.length > 0 ? forTier : prices.filter((p) => p.tier === undefined);
  const chosen = candidates.length === 0 ? null : (candidates[hash % candidates.length] ?? null);
  // Prices finer than 1/10,000 yuan would not be exact in our units: fall back to a list price.
  return chosen !== null && /^\d+(\.\d{1,4})?$/u.test(chosen.amount.toDecimalString())
    ? chosen
    : null;
}

/**
 * A fixed roster of demonstration institutions in the Harbin districts (not real hospitals):
 * codes `H` + district + 5-digit serial. The same roster for every seed, so institution codes
 * are stable across demo runs. 南岗区's first tertiary hospital is the fixtures' H23010300012.
 */
export function harbinInstitutions(
  districts: readonly CodedName[],
): Record<InstitutionTier, Institution[]> {
  const out: Record<InstitutionTier, Institution[]> = { primary: [], secondary: [], tertiary: [] };
  const rural = new Set(['230111', '230112', '230113']);
  districts.forEach((district, k) => {
    const tertiaryCount = k < 4 ? 2 : 1;
    const alliance = `YLT-${district.code}`;
    for (let i = 1; i <= tertiaryCount; i++) {
      out.tertiary.push({
        code: `H${district.code}${String(10 + i + 1).padStart(5, '0')}`,
        name:
          district.code === '230103' && i === 1
            ? '哈尔滨示范三级医院'
            : `哈尔滨${district.name}示范三级医院${i === 1 ? '' : String(i)}`,
        tier: 'tertiary',
        district: district.code,
        alliance: i === 1 ? { id: alliance, isLead: true } : null,
        technologies:
          i === 1
            ? [
                { kind: 'robotic_surgery_system', origin: k % 2 === 0 ? 'domestic' : 'imported' },
                ...(k < 2 ? [{ kind: 'pet_ct' as const, origin: 'imported' as const }] : []),
              ]
            : [],
      });
    }
    for (let i = 1; i <= 2; i++) {
      out.secondary.push({
        code: `H${district.code}${String(100 + i).padStart(5, '0')}`,
        name: `哈尔滨${district.name}示范二级医院${String(i)}`,
        tier: 'secondary',
        district: district.code,
        alliance: null,
        technologies: [],
      });
    }
    for (let i = 1; i <= 4; i++) {
      out.primary.push({
        code: `H${district.code}${String(1000 + i).padStart(5, '0')}`,
        name: `哈尔滨${district.name}示范${rural.has(district.code) ? '乡镇卫生院' : '社区卫生服务中心'}${String(i)}`,
        tier: 'primary',
        district: district.code,
        alliance: { id: alliance, isLead: false },
        technologies: [],
      });
    }
  });
  for (const tier of INSTITUTION_TIERS) if (out[tier].length === 0) throw new Error(`no ${tier}`);
  return out;
}

/** The curated tables must only name real codes: a broken data file fails loudly, once. */
function checkClinicalCodes(tables: ClinicalTables): void {
  const problems: string[] = [];
  const check = (what: string, issues: readonly unknown[]) => {
    if (issues.length > 0) problems.push(what);
  };
  for (const c of tables.conditions) {
    check(c.diagnosis.code, validateDiagnosisCode(c.diagnosis.code));
    for (const p of [...c.procedures, ...c.secondaryProcedures])
      check(p.code, validateProcedureCode(p.code));
  }
  for (const c of tables.comorbidities) check(c.code, validateDiagnosisCode(c.code));
  for (const s of tables.services) check(s.code, validateServiceCode(s.code));
  if (problems.length > 0)
    throw new Error(`data/demo/clinical.json has malformed codes: ${problems.join(', ')}`);
}
