import {
  type ClaimFacts,
  type Restriction,
  CatalogIndex,
  claimFacts,
  evaluateRestriction,
} from '@openpayer/catalog';
import { importShippedDemoCatalog, readShipped } from '@openpayer/catalog/node';
import {
  type CalendarDate,
  type ClaimType,
  type ClaimWire,
  type Evidence,
  type InstitutionTier,
  type InsuredPerson,
  PERSON_CATEGORIES,
  type PersonCategory,
  type PersonId,
  type PrescriberTitle,
  type RegionCode,
  type Scheme,
  ageAt,
  fromEpochDay,
  periodContains,
  toEpochDay,
} from '@openpayer/domain';
import { Rng } from './rng.ts';
import {
  type DemoTables,
  type DrugProduct,
  type Institution,
  type PreparedCondition,
  CLINICAL,
  buildDemoTables,
  ruleBaseDrugCodes,
} from './tables.ts';

/**
 * Synthetic, realistic claims for the demo region (哈尔滨, 230100), deterministic per seed.
 *
 * Each claim: a person from a seeded population (employee / resident insurance, categories), a
 * condition compatible with their age and sex drawn from the curated clinical tables, a claim
 * type and an institution tier, real ICD-10 / ICD-9-CM-3 医保版 codes, and drug lines with real
 * national codes from the 2024 list. Most drug lines are chosen so that every restriction of the
 * item and of its code holds for this claim (checked with the catalog's own evaluator); about one
 * in seven is drawn without that check, so restrictions that do not hold occur as they do in real
 * data — a child-only drug for an adult, a course longer than the limit, an injection that
 * needs a secondary hospital at a community clinic, a missing HER2 result.
 *
 * Money is integer arithmetic on 1/10,000 yuan (prices) and fen (amounts), formatted once.
 */

export const CLAIM_TYPE_WEIGHTS: Readonly<Record<ClaimType, number>> = {
  outpatient: 62,
  chronic_outpatient: 18,
  inpatient: 20,
  pharmacy: 0,
};

const TIER_WEIGHTS: Readonly<Record<ClaimType, Readonly<Record<InstitutionTier, number>>>> = {
  outpatient: { primary: 45, secondary: 25, tertiary: 30 },
  chronic_outpatient: { primary: 40, secondary: 25, tertiary: 35 },
  inpatient: { primary: 10, secondary: 35, tertiary: 55 },
  pharmacy: { primary: 1, secondary: 0, tertiary: 0 },
};

const TITLE_WEIGHTS: Readonly<Record<InstitutionTier, readonly number[]>> = {
  primary: [30, 50, 15, 5],
  secondary: [20, 45, 25, 10],
  tertiary: [15, 35, 30, 20],
};
const TITLES: readonly PrescriberTitle[] = ['resident', 'attending', 'associate_chief', 'chief'];

/** Share of drug lines drawn without checking their restrictions. */
const UNCHECKED_LINE_RATE = 0.15;
/** Share of claims with one drug the 2024 list does not cover. */
const OUT_OF_CATALOG_RATE = 0.03;
const CANDIDATE_TRIES = 6;

const STREAM_PERSON = 1;
const STREAM_CLAIM = 2;

export interface GenerateOptions {
  /** How many claims. */
  readonly claims: number;
  /** Non-negative integer; the same claims and seed always give the same claims. */
  readonly seed: number;
  /** Tables built from the catalog (see `loadDemoTables`); built from the shipped 2024 list if absent. */
  readonly tables?: DemoTables;
  /** Filled in as claims are generated. */
  readonly stats?: GenerateStats;
}

export interface GenerateStats {
  claims: number;
  lines: number;
  byType: Record<ClaimType, number>;
  /** Sum of all claim totals in fen. */
  totalFen: bigint;
}

export function emptyStats(): GenerateStats {
  return {
    claims: 0,
    lines: 0,
    byType: { outpatient: 0, inpatient: 0, chronic_outpatient: 0, pharmacy: 0 },
    totalFen: 0n,
  };
}

let shipped: DemoTables | undefined;

/**
 * Tables from the shipped demo catalog — the 2024 national drug list and rule base, with the
 * national service items and consumables priced by the demo schedule (loaded once per process).
 */
export function loadDemoTables(): DemoTables {
  if (shipped !== undefined) return shipped;
  const imported = importShippedDemoCatalog();
  if (!imported.ok)
    throw new Error(
      `the shipped demo catalog does not import: ${imported.issues.map((i) => i.message).join('; ')}`,
    );
  shipped = demoTables(new CatalogIndex(imported.value.release));
  return shipped;
}

/** Tables for a given catalog index, with the real drug codes of the shipped rule base. */
export function demoTables(catalog: CatalogIndex): DemoTables {
  return buildDemoTables(catalog, ruleBaseDrugCodes(readShipped('ruleBaseCodes')));
}

/** The claims, one at a time (nothing is held but the current claim). */
export function* generateClaims(options: GenerateOptions): Generator<ClaimWire> {
  const { claims, seed } = options;
  if (!Number.isSafeInteger(claims) || claims < 0)
    throw new RangeError(`claims must be a non-negative integer, got ${claims}`);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const tables = options.tables ?? loadDemoTables();
  const population = Math.max(50, Math.ceil(claims / 3));
  const generator = new ClaimGenerator(tables, seed, population);
  for (let i = 0; i < claims; i++) {
    const built = generator.claim(i);
    if (options.stats !== undefined) {
      const s = options.stats;
      s.claims += 1;
      s.lines += built.claim.lines.length;
      s.byType[built.claim.type] += 1;
      s.totalFen += BigInt(built.totalFen);
    }
    yield built.claim;
  }
}

interface Person {
  readonly wire: ClaimWire['person'];
  readonly domain: InsuredPerson;
  readonly birthDay: number;
}

interface Line {
  id: string;
  kind: 'drug' | 'service';
  code: string;
  name: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  date: string;
  lineOfTherapy?: number;
  daysSupply?: number;
}

const YEAR_START = toEpochDay(`${CLINICAL.year}-01-01` as CalendarDate);
const YEAR_END = toEpochDay(`${CLINICAL.year}-12-31` as CalendarDate);
const MID_YEAR = toEpochDay(`${CLINICAL.year}-07-01` as CalendarDate);
/** Born on or after this day: under 18 all year, so the "child" category holds on every visit. */
const CHILD_BORN_FROM = toEpochDay(`${CLINICAL.year - 17}-01-01` as CalendarDate);

const dayCache = new Map<number, string>();
function day(epochDay: number): string {
  let text = dayCache.get(epochDay);
  if (text === undefined) {
    text = fromEpochDay(epochDay);
    if (dayCache.size < 50_000) dayCache.set(epochDay, text);
  }
  return text;
}

class ClaimGenerator {
  private readonly byType: Record<ClaimType, { list: PreparedCondition[]; weights: number[] }>;

  constructor(
    private readonly tables: DemoTables,
    private readonly seed: number,
    private readonly population: number,
  ) {
    const byType = {} as Record<ClaimType, { list: PreparedCondition[]; weights: number[] }>;
    for (const type of Object.keys(CLAIM_TYPE_WEIGHTS) as ClaimType[]) {
      const list = tables.conditions.filter((c) => (c.spec.weights[type] ?? 0) > 0);
      byType[type] = { list, weights: list.map((c) => c.spec.weights[type] ?? 0) };
    }
    this.byType = byType;
  }

  claim(index: number): { claim: ClaimWire; totalFen: number } {
    const rng = new Rng(this.seed, STREAM_CLAIM, index);
    const types = Object.keys(CLAIM_TYPE_WEIGHTS) as ClaimType[];
    let type = types[rng.weighted(types.map((t) => CLAIM_TYPE_WEIGHTS[t]))] ?? 'outpatient';

    // A person, a date and a condition that fits them (age, sex) — a few tries, then any type.
    let person = this.person(rng.int(this.population));
    let admission = 0;
    let condition: PreparedCondition | undefined;
    for (let attempt = 0; condition === undefined; attempt++) {
      if (attempt > 0 && attempt % 3 === 0) person = this.person(rng.int(this.population));
      if (attempt >= 6) type = 'outpatient';
      if (attempt > 30) throw new Error('no condition fits the demo population');
      admission = Math.max(person.birthDay + 1, rng.range(YEAR_START, YEAR_END));
      const age = ageAt(person.domain.birthDate, day(admission) as CalendarDate);
      const { list, weights } = this.byType[type];
      const fit = weights.map((w, i) => {
        const spec = list[i]?.spec;
        if (spec === undefined) return 0;
        const sexOk = spec.sex === null || spec.sex === person.domain.sex;
        return sexOk && age >= spec.age[0] && age <= spec.age[1] ? w : 0;
      });
      if (fit.some((w) => w > 0)) condition = list[rng.weighted(fit)];
    }
    const spec = condition.spec;

    const tierWeights = spec.tiers ?? TIER_WEIGHTS[type];
    const tiers: readonly InstitutionTier[] = ['primary', 'secondary', 'tertiary'];
    const tier = tiers[rng.weighted(tiers.map((t) => tierWeights[t]))] ?? 'tertiary';
    const institution = rng.pick(this.tables.institutions[tier]);
    const tierIndex = tiers.indexOf(tier);

    let discharge = admission;
    if (type === 'inpatient') {
      const [lo, hi] = spec.los ?? [3, 10];
      const stay = rng.range(lo, hi);
      admission = Math.max(person.birthDay + 1, Math.min(admission, YEAR_END - stay));
      discharge = admission + stay;
    }
    const stay = discharge - admission;
    const admissionText = day(admission);
    const admissionDay = admissionText as CalendarDate;
    const age = ageAt(person.domain.birthDate, admissionDay);

    const scheme: Scheme =
      spec.scheme !== null && person.domain.insuranceType === 'employee' && rng.chance(0.6)
        ? spec.scheme
        : 'medical';

    // Diagnoses: the condition, then comorbidities of the age.
    const diagnoses: ClaimWire['diagnoses'] = [
      { code: spec.diagnosis.code, name: spec.diagnosis.name, role: 'principal' },
    ];
    for (const c of this.tables.comorbidities) {
      if (diagnoses.length >= 4) break;
      if (age >= c.minAge && c.code !== spec.diagnosis.code && rng.chance(c.rate))
        diagnoses.push({ code: c.code, name: c.name, role: 'secondary' });
    }

    // Procedures: inpatient stays, and the outpatient ones a condition always has (dialysis…).
    const procedures: NonNullable<ClaimWire['procedures']> = [];
    if (type === 'inpatient' && spec.procedures.length > 0 && rng.chance(spec.procedureRate)) {
      const p = spec.procedures[rng.weighted(spec.procedures.map((x) => x.weight))];
      if (p !== undefined)
        procedures.push({
          code: p.code,
          name: p.name,
          role: 'principal',
          date: day(admission + Math.min(stay, rng.range(0, 2))),
          ...(p.technique === undefined ? {} : { technique: p.technique }),
        });
    }
    if (type === 'inpatient') {
      for (const p of spec.secondaryProcedures) {
        if (rng.chance(0.5))
          procedures.push({
            code: p.code,
            name: p.name,
            role: procedures.length === 0 ? 'principal' : 'secondary',
            date: day(admission + rng.range(0, stay)),
          });
      }
    }

    // Evidence the claim carries (HER2, nutritional risk screening …).
    // Only results and earlier therapies: the same on the wire as decoded, so the catalog's own
    // claimFacts reads them below.
    const evidence: Extract<Evidence, { kind: 'biomarker' | 'prior_therapy' }>[] = [];
    for (const e of spec.evidence) {
      if (e.test === 'NRS2002' && type !== 'inpatient') continue;
      const x = rng.float();
      const result = x < e.positive ? 'positive' : x < e.positive + e.negative ? 'negative' : null;
      if (result !== null)
        evidence.push({ kind: 'biomarker', test: e.test, result, date: admissionDay });
    }
    // Earlier therapies the hospital records (metformin that failed, taxanes received …).
    for (const t of spec.priorTherapies ?? []) {
      if (rng.float() < t.rate) {
        evidence.push({
          kind: 'prior_therapy',
          therapy: t.therapy,
          outcome: t.outcome,
          date: admissionDay,
        });
      }
    }

    const title = TITLES[rng.weighted(TITLE_WEIGHTS[tier])] ?? 'attending';
    const prescriber = {
      id: `D-${institution.code.slice(-5)}-${String(rng.range(1, 40)).padStart(2, '0')}`,
      title,
    };

    const facts = claimFacts({ type, scheme, diagnoses, evidence, attendingPrescriber: { title } });

    const lines: Line[] = [];
    let totalFen = 0;
    const add = (
      line: Omit<Line, 'id' | 'amount' | 'unitPrice' | 'quantity'>,
      quantity: number,
      price: number,
    ) => {
      const fen = amountFen(quantity, price);
      totalFen += fen;
      lines.push({
        id: `L${String(lines.length + 1)}`,
        kind: line.kind,
        code: line.code,
        name: line.name,
        quantity: String(quantity),
        unitPrice: formatPrice(price),
        amount: formatFen(fen),
        date: line.date,
        ...(line.lineOfTherapy === undefined ? {} : { lineOfTherapy: line.lineOfTherapy }),
        ...(line.daysSupply === undefined ? {} : { daysSupply: line.daysSupply }),
      });
    };

    // Services: the stay's bed, visits and nursing, then the condition's tests and treatments.
    const service = (key: string, quantity: number, date: number) => {
      const s = this.tables.services.get(key);
      if (s === undefined) throw new Error(`clinical.json names an unknown service "${key}"`);
      add(
        { kind: 'service', code: s.spec.code, name: s.spec.name, date: day(date) },
        quantity,
        s.unitPrice[tierIndex] ?? 0,
      );
    };
    if (type === 'inpatient') {
      service(rng.chance(0.3) ? 'ward-bed-double' : 'ward-bed', stay, discharge);
      service('inpatient-visit', stay, discharge);
      service(rng.chance(0.25) ? 'nursing-1' : 'nursing-2', stay, discharge);
    }
    for (const key of spec.services) {
      if (type !== 'inpatient' && !rng.chance(0.6)) continue;
      const unit = this.tables.services.get(key)?.spec.unit;
      const quantity =
        key === 'hemodialysis'
          ? type === 'inpatient'
            ? Math.max(1, Math.floor(stay / 2))
            : rng.range(8, 13)
          : unit === '小时'
            ? type === 'inpatient'
              ? 24 * rng.range(1, Math.min(stay, 5))
              : rng.range(1, 3)
            : type === 'inpatient'
              ? rng.range(1, 3)
              : 1;
      service(
        key,
        quantity,
        admission + (type === 'inpatient' ? rng.range(0, Math.min(stay, 2)) : 0),
      );
    }

    // Drugs: mostly lines whose restrictions hold for this claim, some drawn unchecked.
    const [minDrugs, maxDrugs] = spec.drugsPerClaim;
    const wanted =
      type === 'inpatient'
        ? rng.range(Math.max(minDrugs, 2), maxDrugs + 2)
        : rng.range(minDrugs, maxDrugs);
    const used = new Array<string>();
    for (let slot = 0; slot < wanted && condition.drugs.length > 0; slot++) {
      const checked = !rng.chance(UNCHECKED_LINE_RATE);
      for (let attempt = 0; attempt < (checked ? CANDIDATE_TRIES : 1); attempt++) {
        const products = rng.pick(condition.drugs);
        const product = rng.pick(products);
        const itemId = product.item?.id ?? product.code;
        if (used.includes(itemId)) continue;
        const draft = this.drugLine(rng, product, type, admission, stay, checked);
        if (
          checked &&
          !this.holds(product, draft, {
            person: person.domain,
            tier,
            facts,
            claimDate: day(draft.dateDay),
          })
        )
          continue;
        used.push(itemId);
        add(
          {
            kind: 'drug',
            code: product.code,
            name: product.name,
            date: day(draft.dateDay),
            ...(draft.lineOfTherapy === undefined ? {} : { lineOfTherapy: draft.lineOfTherapy }),
            daysSupply: draft.days,
          },
          draft.quantity,
          product.unitPrice[tierIndex] ?? 0,
        );
        break;
      }
    }
    if (rng.chance(OUT_OF_CATALOG_RATE) && this.tables.outOfCatalog.length > 0) {
      const product = rng.pick(this.tables.outOfCatalog);
      const draft = this.drugLine(rng, product, type, admission, stay, false);
      add(
        {
          kind: 'drug',
          code: product.code,
          name: product.name,
          date: day(draft.dateDay),
          daysSupply: draft.days,
        },
        draft.quantity,
        product.unitPrice[tierIndex] ?? 0,
      );
    }
    if (lines.length === 0) {
      // Every claim bills something: the visit itself.
      service('emergency-visit', 1, admission);
    }

    const claim: ClaimWire = {
      id: `DEMO-${String(this.seed)}-${String(index + 1).padStart(7, '0')}`,
      type,
      scheme,
      person: person.wire,
      institution: institutionWire(institution),
      admissionDate: admissionText,
      ...(type === 'inpatient' ? { dischargeDate: day(discharge) } : {}),
      department: spec.department,
      attendingPrescriber: prescriber,
      diagnoses,
      ...(procedures.length > 0 ? { procedures } : {}),
      lines,
      ...(evidence.length > 0 ? { evidence } : {}),
      totalAmount: formatFen(totalFen),
    };
    return { claim, totalFen };
  }

  /** Quantity, days, date and line of therapy of one drug line. */
  private drugLine(
    rng: Rng,
    product: DrugProduct,
    type: ClaimType,
    admission: number,
    stay: number,
    checked: boolean,
  ): { quantity: number; days: number; dateDay: number; lineOfTherapy: number | undefined } {
    let days =
      type === 'inpatient'
        ? rng.range(Math.min(3, Math.max(stay, 1)), Math.max(stay, 1))
        : type === 'chronic_outpatient'
          ? rng.pick([14, 28, 30])
          : rng.range(3, 7);
    if (checked && product.maxDays !== null) days = Math.min(days, product.maxDays);
    const dateDay =
      type === 'inpatient' ? admission + rng.range(0, Math.max(0, stay - days)) : admission;
    let quantity: number;
    switch (product.form) {
      case 'oral_solid':
        quantity = rng.range(1, 3) * rng.range(1, 2) * days;
        break;
      case 'granule':
      case 'liquid':
        quantity = rng.range(2, 3) * days;
        break;
      case 'injection':
        quantity = (rng.chance(0.7) ? 1 : 2) * days;
        break;
      case 'suppository':
        quantity = Math.min(days, 7);
        days = Math.min(days, 7);
        break;
      case 'topical':
        quantity = rng.range(1, 3);
        break;
      case 'biologic':
        quantity = rng.range(1, 2);
        days = 21;
        break;
      case 'vaccine':
      case 'intravitreal':
        quantity = 1;
        days = 1;
        break;
    }
    let lineOfTherapy: number | undefined;
    const oncology = product.item?.categoryCode?.startsWith('XL0') === true;
    if (product.lineOfTherapy !== null || oncology) {
      const range = product.lineOfTherapy;
      lineOfTherapy =
        checked && range !== null
          ? rng.range(range.min, range.max ?? range.min + 1)
          : 1 + rng.weighted([40, 40, 20]);
    }
    return { quantity, days, dateDay, lineOfTherapy };
  }

  /** Whether every restriction of the product (and one of its indications) holds on this claim. */
  private holds(
    product: DrugProduct,
    line: { days: number; lineOfTherapy: number | undefined },
    context: { person: InsuredPerson; tier: InstitutionTier; facts: ClaimFacts; claimDate: string },
  ): boolean {
    const item = product.item;
    if (item === null) return false;
    if (context.tier === 'primary' && !product.inPrimaryFormulary) return false;
    if (
      item.agreement !== null &&
      !periodContains(item.agreement, context.claimDate as CalendarDate)
    )
      return false;
    const subject = {
      person: context.person,
      tier: context.tier,
      claim: context.facts,
      line: {
        date: context.claimDate as CalendarDate,
        daysSupply: line.days,
        lineOfTherapy: line.lineOfTherapy,
        approved: false,
        itemId: item.id,
      },
    };
    const met = (r: Restriction) => evaluateRestriction(r, subject).result === 'met';
    if (!product.restrictions.every(met)) return false;
    return item.indications.length === 0 || item.indications.some((i) => i.restrictions.every(met));
  }

  /** Person `index` of the population: the same person on every claim that draws them. */
  private person(index: number): Person {
    const rng = new Rng(this.seed, STREAM_PERSON, index);
    const band = rng.weighted([14, 26, 24, 24, 12]);
    const [lo, hi] = (
      [
        [0, 17],
        [18, 44],
        [45, 59],
        [60, 74],
        [75, 95],
      ] as const
    )[band] ?? [18, 44];
    const age = rng.range(lo, hi);
    const birthDay = MID_YEAR - Math.floor((age * 36525) / 100) - rng.int(365);
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const insuranceType =
      age < 18 ? 'resident' : rng.chance(age >= 60 ? 0.5 : 0.68) ? 'employee' : 'resident';
    const categories = new Set<PersonCategory>();
    if (birthDay >= CHILD_BORN_FROM) {
      categories.add('child');
      if (age >= 7 && rng.chance(0.7)) categories.add('student');
    }
    if (insuranceType === 'employee' && age >= (sex === 'male' ? 60 : 55))
      categories.add('retired');
    if (insuranceType === 'resident' && age >= 65) categories.add('elderly');
    if (rng.chance(insuranceType === 'resident' ? 0.045 : 0.01)) categories.add('low_income');
    else if (rng.chance(0.01)) categories.add('low_income_edge');
    if (rng.chance(0.005)) categories.add('extreme_poverty');
    if (rng.chance(0.01)) categories.add('poverty_risk');
    if (rng.chance(0.012)) categories.add('severe_disability');
    if (age >= 35 && rng.chance(0.006)) categories.add('entitled_veteran');
    if (rng.chance(0.002)) categories.add('rare_disease');
    // The schema's own order, so the output is stable.
    const ordered = PERSON_CATEGORIES.filter((c) => categories.has(c));
    const id = `P-${String(index + 1).padStart(7, '0')}`;
    const birthDate = day(birthDay) as CalendarDate;
    const wire: ClaimWire['person'] = {
      id,
      birthDate,
      sex,
      insuranceType,
      insuredRegion: CLINICAL.region.code,
      ...(ordered.length > 0 ? { categories: ordered } : {}),
    };
    const domain: InsuredPerson = {
      id: id as PersonId,
      birthDate,
      sex,
      insuranceType,
      insuredRegion: CLINICAL.region.code as RegionCode,
      categories: ordered,
      outOfRegionRegistrations: [],
    };
    return { wire, domain, birthDay };
  }
}

function institutionWire(institution: Institution): ClaimWire['institution'] {
  return {
    code: institution.code,
    name: institution.name,
    tier: institution.tier,
    region: CLINICAL.region.code,
    ...(institution.alliance === null ? {} : { alliance: { ...institution.alliance } }),
    ...(institution.technologies.length === 0
      ? {}
      : { technologies: institution.technologies.map((t) => ({ ...t })) }),
  };
}

/** quantity × unit price (1/10,000 yuan), rounded half-up to the fen: integers only. */
export function amountFen(quantity: number, price: number): number {
  const product = quantity * price;
  if (!Number.isSafeInteger(product) || product < 0)
    throw new RangeError(`line amount out of range: ${quantity} × ${price}`);
  return Math.floor((product + 50) / 100);
}

/** Fen → `"123.45"`. */
export function formatFen(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen - yuan * 100;
  return `${String(yuan)}.${cents < 10 ? '0' : ''}${String(cents)}`;
}

/** 1/10,000 yuan → `"0.1234"`, or `"12.30"` when the price is whole fen. */
export function formatPrice(units: number): string {
  const yuan = Math.floor(units / 10_000);
  const rest = units - yuan * 10_000;
  if (rest % 100 === 0) {
    const fen = rest / 100;
    return `${String(yuan)}.${fen < 10 ? '0' : ''}${String(fen)}`;
  }
  return `${String(yuan)}.${String(rest).padStart(4, '0')}`;
}
