import { isCalendarDate } from '../dates/calendar-date.ts';
import { AMOUNT_PATTERN, UNIT_PRICE_PATTERN } from '../money/codec.ts';
import { Decimal, isDecimalLiteral } from '../money/decimal.ts';
import { Money } from '../money/money.ts';
import {
  CLAIM_TYPES,
  type Claim,
  ID_PATTERN,
  ITEM_KINDS,
  PRESCRIBER_TITLES,
  PRIOR_THERAPY_OUTCOMES,
  SCHEMES,
  TECHNIQUES,
} from '../schemas/claim.ts';
import {
  INSTITUTION_CODE_PATTERN,
  INSTITUTION_TIERS,
  TECHNOLOGY_KINDS,
} from '../schemas/institution.ts';
import { INSURANCE_TYPES, PERSON_CATEGORIES, PERSON_ID_PATTERN, SEXES } from '../schemas/person.ts';
import { PROVINCE_PREFIXES, REGION_CODE_PATTERN } from '../schemas/region.ts';

/**
 * `claimSchema.safeParse` by hand, for the common case of a valid claim: a batch spends a quarter
 * of its time in zod otherwise. It builds exactly the object zod builds (the same keys in the same
 * order, the same defaults, the same Money and Decimal values) or gives up with `undefined` at the
 * first thing it does not recognise as valid — then the schema decides, and its issues are the
 * only error messages. So this never has to describe a problem, only to be sure there is none.
 */

type Json = Record<string, unknown>;
type Out = Record<string, unknown>;

/** A key-value object as JSON.parse makes them (zod accepts more; those go to the schema). */
function record(value: unknown): Json | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? (value as Json) : undefined;
}

function list(value: unknown, min: number, max: number): readonly unknown[] | undefined {
  return Array.isArray(value) && value.length >= min && value.length <= max
    ? (value as unknown[])
    : undefined;
}

/**
 * Every key of `o` was read (`read` counts the defined ones): no unknown keys. Counted with for…in,
 * the loop zod's strict objects use, without allocating the list of keys.
 */
function strict(o: Json, read: number): boolean {
  let keys = 0;
  for (const _ in o) keys++;
  return keys === read;
}

const oneOf = (values: readonly string[]) => {
  const set = new Set(values);
  return (value: unknown): value is string => typeof value === 'string' && set.has(value);
};
const isClaimType = oneOf(CLAIM_TYPES);
const isScheme = oneOf(SCHEMES);
const isSex = oneOf(SEXES);
const isInsuranceType = oneOf(INSURANCE_TYPES);
const isCategory = oneOf(PERSON_CATEGORIES);
const isTier = oneOf(INSTITUTION_TIERS);
const isTechnology = oneOf(TECHNOLOGY_KINDS);
const isOrigin = oneOf(['domestic', 'imported']);
const isTitle = oneOf(PRESCRIBER_TITLES);
const isRole = oneOf(['principal', 'secondary']);
const isTechnique = oneOf(TECHNIQUES);
const isItemKind = oneOf(ITEM_KINDS);
const isBiomarkerResult = oneOf(['positive', 'negative', 'indeterminate']);
const isResponse = oneOf(['CR', 'PR', 'SD', 'PD']);
const isSurvival = oneOf(['alive', 'deceased']);
const isPriorTherapyOutcome = oneOf(PRIOR_THERAPY_OUTCOMES);
const PROVINCES: ReadonlySet<string> = new Set(PROVINCE_PREFIXES);

function text(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

const isId = (value: unknown): value is string => text(value, 1, 64) && ID_PATTERN.test(value);
const isPersonId = (value: unknown): value is string =>
  text(value, 1, 64) && PERSON_ID_PATTERN.test(value);
const isDate = (value: unknown): value is string =>
  typeof value === 'string' && isCalendarDate(value);
const isRegion = (value: unknown): value is string =>
  typeof value === 'string' && REGION_CODE_PATTERN.test(value) && PROVINCES.has(value.slice(0, 2));
const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** An amount at the fen, `"12.30"`, as moneyCodec decodes it. */
function money(value: unknown): Money | undefined {
  return typeof value === 'string' && AMOUNT_PATTERN.test(value) ? Money.of(value) : undefined;
}

/** A decimal-string value (lab value, score), as decimalCodec decodes it. */
function decimal(value: unknown): Decimal | undefined {
  return typeof value === 'string' && isDecimalLiteral(value) ? new Decimal(value) : undefined;
}

function prescriber(value: unknown): Out | undefined {
  const o = record(value);
  if (o === undefined || !isId(o['id']) || !isTitle(o['title']) || !strict(o, 2)) return undefined;
  return { id: o['id'], title: o['title'] };
}

function person(value: unknown): Out | undefined {
  const o = record(value);
  if (o === undefined) return undefined;
  const { id, birthDate, sex, insuranceType, insuredRegion } = o;
  if (
    !isPersonId(id) ||
    !isDate(birthDate) ||
    !isSex(sex) ||
    !isInsuranceType(insuranceType) ||
    !isRegion(insuredRegion)
  ) {
    return undefined;
  }
  let read = 5;
  let categories: string[] = [];
  if (o['categories'] !== undefined) {
    const given = list(o['categories'], 0, PERSON_CATEGORIES.length);
    if (given === undefined) return undefined;
    for (const c of given) if (!isCategory(c)) return undefined;
    if (new Set(given).size !== given.length) return undefined;
    categories = [...(given as string[])];
    read++;
  } else if ('categories' in o) return undefined;
  const registrations: Out[] = [];
  if (o['outOfRegionRegistrations'] !== undefined) {
    const given = list(o['outOfRegionRegistrations'], 0, 20);
    if (given === undefined) return undefined;
    for (const item of given) {
      const registration = outOfRegionRegistration(item);
      if (registration === undefined) return undefined;
      registrations.push(registration);
    }
    read++;
  } else if ('outOfRegionRegistrations' in o) return undefined;
  if (!strict(o, read)) return undefined;
  return {
    id,
    birthDate,
    sex,
    insuranceType,
    insuredRegion,
    categories,
    outOfRegionRegistrations: registrations,
  };
}

function outOfRegionRegistration(value: unknown): Out | undefined {
  const o = record(value);
  const p = record(o?.['period']);
  if (o === undefined || p === undefined) return undefined;
  const region = o['region'];
  if (region !== null && !isRegion(region)) return undefined;
  const { start, end } = p;
  if (!isDate(start) || (end !== null && (!isDate(end) || end <= start))) return undefined;
  if (!strict(o, 2) || !strict(p, 2)) return undefined;
  return { region, period: { start, end } };
}

function institution(value: unknown): Out | undefined {
  const o = record(value);
  if (o === undefined) return undefined;
  const { code, name, tier, region } = o;
  if (
    typeof code !== 'string' ||
    !INSTITUTION_CODE_PATTERN.test(code) ||
    !text(name, 1, 200) ||
    !isTier(tier) ||
    !isRegion(region)
  ) {
    return undefined;
  }
  const out: Out = { code, name, tier, region };
  let read = 4;
  const alliance = o['alliance'];
  if (alliance !== undefined) {
    const a = record(alliance);
    if (a === undefined || !text(a['id'], 1, 64) || typeof a['isLead'] !== 'boolean') {
      return undefined;
    }
    if (!strict(a, 2)) return undefined;
    out['alliance'] = { id: a['id'], isLead: a['isLead'] };
    read++;
  } else if ('alliance' in o) return undefined;
  const technologies: Out[] = [];
  if (o['technologies'] !== undefined) {
    const given = list(o['technologies'], 0, 50);
    if (given === undefined) return undefined;
    for (const item of given) {
      const t = record(item);
      if (t === undefined || !isTechnology(t['kind']) || !isOrigin(t['origin'])) return undefined;
      if (!strict(t, 2)) return undefined;
      technologies.push({ kind: t['kind'], origin: t['origin'] });
    }
    read++;
  } else if ('technologies' in o) return undefined;
  out['technologies'] = technologies;
  return strict(o, read) ? out : undefined;
}

function diagnosis(value: unknown): Out | undefined {
  const o = record(value);
  if (o === undefined || typeof o['code'] !== 'string' || !isRole(o['role'])) return undefined;
  const out: Out = { code: o['code'] };
  let read = 2;
  if (o['name'] !== undefined) {
    if (!text(o['name'], 0, 200)) return undefined;
    out['name'] = o['name'];
    read++;
  } else if ('name' in o) return undefined;
  out['role'] = o['role'];
  return strict(o, read) ? out : undefined;
}

function procedure(value: unknown): Out | undefined {
  const o = record(value);
  if (
    o === undefined ||
    typeof o['code'] !== 'string' ||
    !isRole(o['role']) ||
    !isDate(o['date'])
  ) {
    return undefined;
  }
  const out: Out = { code: o['code'] };
  let read = 3;
  if (o['name'] !== undefined) {
    if (!text(o['name'], 0, 200)) return undefined;
    out['name'] = o['name'];
    read++;
  } else if ('name' in o) return undefined;
  out['role'] = o['role'];
  out['date'] = o['date'];
  if (o['technique'] !== undefined) {
    if (!isTechnique(o['technique'])) return undefined;
    out['technique'] = o['technique'];
    read++;
  } else if ('technique' in o) return undefined;
  return strict(o, read) ? out : undefined;
}

function quantity(value: unknown): Decimal | undefined {
  if (typeof value === 'string') return isDecimalLiteral(value) ? new Decimal(value) : undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? new Decimal(String(value)) : undefined;
  return undefined;
}

function line(value: unknown): Out | undefined {
  const o = record(value);
  if (o === undefined) return undefined;
  const { id, kind, code } = o;
  if (!isId(id) || !isItemKind(kind) || typeof code !== 'string') return undefined;
  const out: Out = { id, kind, code };
  let read = 8;
  const localCode = o['localCode'];
  if (localCode !== undefined) {
    if (!text(localCode, 0, 64)) return undefined;
    out['localCode'] = localCode;
    read++;
  } else if ('localCode' in o) return undefined;
  if (!text(o['name'], 1, 200)) return undefined;
  const q = quantity(o['quantity']);
  const unitPrice = o['unitPrice'];
  if (q === undefined || typeof unitPrice !== 'string' || !UNIT_PRICE_PATTERN.test(unitPrice)) {
    return undefined;
  }
  const amount = money(o['amount']);
  if (amount === undefined || !isDate(o['date'])) return undefined;
  out['name'] = o['name'];
  out['quantity'] = q;
  out['unitPrice'] = Money.of(unitPrice);
  out['amount'] = amount;
  out['date'] = o['date'];
  if (o['prescriber'] !== undefined) {
    const p = prescriber(o['prescriber']);
    if (p === undefined) return undefined;
    out['prescriber'] = p;
    read++;
  } else if ('prescriber' in o) return undefined;
  const approvalRef = o['approvalRef'];
  if (approvalRef !== undefined) {
    if (!text(approvalRef, 1, 64)) return undefined;
    out['approvalRef'] = approvalRef;
    read++;
  } else if ('approvalRef' in o) return undefined;
  const lineOfTherapy = o['lineOfTherapy'];
  if (lineOfTherapy !== undefined) {
    if (!isInt(lineOfTherapy, 1, 10)) return undefined;
    out['lineOfTherapy'] = lineOfTherapy;
    read++;
  } else if ('lineOfTherapy' in o) return undefined;
  const daysSupply = o['daysSupply'];
  if (daysSupply !== undefined) {
    if (!isInt(daysSupply, 1, 366)) return undefined;
    out['daysSupply'] = daysSupply;
    read++;
  } else if ('daysSupply' in o) return undefined;
  return strict(o, read) ? out : undefined;
}

function evidence(value: unknown): Out | undefined {
  const o = record(value);
  if (o === undefined) return undefined;
  const kind = o['kind'];
  if (kind === 'biomarker') {
    const { test, result, date } = o;
    if (!text(test, 1, 64) || !isBiomarkerResult(result) || !isDate(date)) return undefined;
    const out: Out = { kind, test, result };
    let read = 4;
    if (o['variant'] !== undefined) {
      if (!text(o['variant'], 0, 100)) return undefined;
      out['variant'] = o['variant'];
      read++;
    } else if ('variant' in o) return undefined;
    out['date'] = date;
    return strict(o, read) ? out : undefined;
  }
  if (kind === 'lab') {
    const { test, unit, date } = o;
    const v = decimal(o['value']);
    if (!text(test, 1, 64) || v === undefined || !text(unit, 1, 32) || !isDate(date)) {
      return undefined;
    }
    const out: Out = { kind, test, value: v, unit };
    let read = 5;
    if (o['upperLimitOfNormal'] !== undefined) {
      const upper = decimal(o['upperLimitOfNormal']);
      if (upper === undefined) return undefined;
      out['upperLimitOfNormal'] = upper;
      read++;
    } else if ('upperLimitOfNormal' in o) return undefined;
    out['date'] = date;
    return strict(o, read) ? out : undefined;
  }
  if (kind === 'prior_therapy') {
    const { therapy, outcome, date } = o;
    if (!text(therapy, 1, 100) || !isPriorTherapyOutcome(outcome) || !isDate(date)) {
      return undefined;
    }
    return strict(o, 4) ? { kind, therapy, outcome, date } : undefined;
  }
  if (kind === 'score') {
    const { instrument, date } = o;
    const v = decimal(o['value']);
    if (!text(instrument, 1, 64) || v === undefined || !isDate(date) || !strict(o, 4)) {
      return undefined;
    }
    return { kind, instrument, value: v, date };
  }
  return undefined;
}

function outcome(value: unknown): Out | undefined {
  const o = record(value);
  if (o === undefined) return undefined;
  const { kind, date } = o;
  if (!isDate(date)) return undefined;
  if (kind === 'response') {
    return isResponse(o['value']) && strict(o, 3) ? { kind, value: o['value'], date } : undefined;
  }
  if (kind === 'survival') {
    return isSurvival(o['status']) && strict(o, 3)
      ? { kind, status: o['status'], date }
      : undefined;
  }
  if (kind === 'complication') {
    if (typeof o['code'] !== 'string') return undefined;
    const out: Out = { kind, code: o['code'] };
    let read = 3;
    if (o['grade'] !== undefined) {
      if (!isInt(o['grade'], 1, 5)) return undefined;
      out['grade'] = o['grade'];
      read++;
    } else if ('grade' in o) return undefined;
    out['date'] = date;
    return strict(o, read) ? out : undefined;
  }
  return undefined;
}

/** Each element through `decode`, or undefined when the list or any element is not valid. */
function each(
  value: unknown,
  min: number,
  max: number,
  decode: (element: unknown) => Out | undefined,
): Out[] | undefined {
  const given = list(value, min, max);
  if (given === undefined) return undefined;
  const out: Out[] = [];
  for (const element of given) {
    const decoded = decode(element);
    if (decoded === undefined) return undefined;
    out.push(decoded);
  }
  return out;
}

/** An optional list with a `[]` default: absent → [], present → decoded, else undefined. */
function eachOrEmpty(
  o: Json,
  key: string,
  max: number,
  decode: (element: unknown) => Out | undefined,
): { readonly value: Out[]; readonly read: number } | undefined {
  const value = o[key];
  if (value === undefined) return key in o ? undefined : { value: [], read: 0 };
  const decoded = each(value, 0, max, decode);
  return decoded === undefined ? undefined : { value: decoded, read: 1 };
}

/**
 * The claim `claimSchema.safeParse(input)` would give, when the input is a valid wire claim; else
 * undefined (the input may still be valid: the schema decides).
 */
export function decodeWellFormedClaim(input: unknown): Claim | undefined {
  const o = record(input);
  if (o === undefined) return undefined;
  const { id, type, admissionDate } = o;
  if (!isId(id) || !isClaimType(type) || !isDate(admissionDate)) return undefined;
  // id, type, person, institution, admissionDate, diagnoses, lines, totalAmount
  let read = 8;
  let scheme: string = 'medical';
  if (o['scheme'] !== undefined) {
    if (!isScheme(o['scheme'])) return undefined;
    scheme = o['scheme'];
    read++;
  } else if ('scheme' in o) return undefined;
  const p = person(o['person']);
  const inst = p === undefined ? undefined : institution(o['institution']);
  if (inst === undefined) return undefined;
  const out: Out = { id, type, scheme, person: p, institution: inst, admissionDate };
  const dischargeDate = o['dischargeDate'];
  if (dischargeDate !== undefined) {
    if (!isDate(dischargeDate)) return undefined;
    out['dischargeDate'] = dischargeDate;
    read++;
  } else if ('dischargeDate' in o) return undefined;
  const department = o['department'];
  if (department !== undefined) {
    if (!text(department, 1, 64)) return undefined;
    out['department'] = department;
    read++;
  } else if ('department' in o) return undefined;
  if (o['attendingPrescriber'] !== undefined) {
    const attending = prescriber(o['attendingPrescriber']);
    if (attending === undefined) return undefined;
    out['attendingPrescriber'] = attending;
    read++;
  } else if ('attendingPrescriber' in o) return undefined;
  const emergency = o['emergency'];
  if (emergency !== undefined) {
    if (typeof emergency !== 'boolean') return undefined;
    out['emergency'] = emergency;
    read++;
  } else if ('emergency' in o) return undefined;
  const tcmSyndromes = o['tcmSyndromes'];
  if (tcmSyndromes !== undefined) {
    const names = list(tcmSyndromes, 0, 20);
    if (names === undefined) return undefined;
    for (let i = 0; i < names.length; i++) if (!text(names[i], 1, 64)) return undefined;
    out['tcmSyndromes'] = names.slice();
    read++;
  } else if ('tcmSyndromes' in o) return undefined;
  const diagnoses = each(o['diagnoses'], 1, 50, diagnosis);
  const procedures = diagnoses && eachOrEmpty(o, 'procedures', 50, procedure);
  const lines = procedures && each(o['lines'], 1, 5000, line);
  const evidences = lines && eachOrEmpty(o, 'evidence', 200, evidence);
  const outcomes = evidences && eachOrEmpty(o, 'outcomes', 200, outcome);
  const totalAmount = outcomes && money(o['totalAmount']);
  if (
    diagnoses === undefined ||
    procedures === undefined ||
    lines === undefined ||
    evidences === undefined ||
    outcomes === undefined ||
    totalAmount === undefined
  ) {
    return undefined;
  }
  read += procedures.read + evidences.read + outcomes.read;
  if (!strict(o, read)) return undefined;
  out['diagnoses'] = diagnoses;
  out['procedures'] = procedures.value;
  out['lines'] = lines;
  out['evidence'] = evidences.value;
  out['outcomes'] = outcomes.value;
  out['totalAmount'] = totalAmount;
  return out as unknown as Claim;
}
