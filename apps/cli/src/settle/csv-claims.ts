/**
 * Claims as CSV: one row per claim line, the claim's own columns repeated on each of its rows;
 * a claim's rows are consecutive. A header row names the columns (any order):
 *
 *   claim_id, claim_type, person_id, birth_date, sex, insurance_type, insured_region,
 *   person_categories (";"-separated), institution_code, institution_name, institution_tier,
 *   institution_region, admission_date, discharge_date,
 *   diagnoses (";"-separated ICD-10 codes, the first is the principal one),
 *   procedures (";"-separated "code@date", the first is the principal one), total_amount,
 *   line_id, item_kind, item_code, item_name, quantity, unit_price, amount, service_date,
 *   approval_ref (optional), emergency (optional: true or false, emergency or rescue care),
 *   tcm_syndromes (optional, ";"-separated TCM syndromes as recorded, e.g. 气虚血瘀证)
 *
 * Fields follow RFC 4180 quoting ("a ""quoted"" field"); a field may not hold a line break.
 * Each claim becomes the same JSON an integrator would send, so it is validated and settled
 * exactly like an NDJSON claim, and a missing or malformed value is reported at its claim field.
 */

export const CSV_COLUMNS = [
  'claim_id',
  'claim_type',
  'person_id',
  'birth_date',
  'sex',
  'insurance_type',
  'insured_region',
  'person_categories',
  'institution_code',
  'institution_name',
  'institution_tier',
  'institution_region',
  'admission_date',
  'discharge_date',
  'diagnoses',
  'procedures',
  'total_amount',
  'line_id',
  'item_kind',
  'item_code',
  'item_name',
  'quantity',
  'unit_price',
  'amount',
  'service_date',
  'approval_ref',
  'emergency',
  'tcm_syndromes',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const OPTIONAL: ReadonlySet<Column> = new Set([
  'person_categories',
  'discharge_date',
  'procedures',
  'approval_ref',
  'emergency',
  'tcm_syndromes',
]);

/** The fields of one CSV line (RFC 4180 quoting, no line breaks inside fields). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line.charAt(i);
        i++;
      }
      fields.push(value);
      i = line.indexOf(',', i) === -1 ? line.length + 1 : line.indexOf(',', i) + 1;
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

export type CsvHeader = ReadonlyMap<Column, number>;

/** The column positions, or the problem with the header. */
export function csvHeader(
  line: string,
): { ok: true; header: CsvHeader } | { ok: false; message: string } {
  const names = csvFields(line).map((n) => n.trim().toLowerCase());
  const header = new Map<Column, number>();
  const unknown: string[] = [];
  names.forEach((name, index) => {
    if ((CSV_COLUMNS as readonly string[]).includes(name)) header.set(name as Column, index);
    else unknown.push(name);
  });
  const missing = CSV_COLUMNS.filter((c) => !OPTIONAL.has(c) && !header.has(c));
  if (missing.length > 0 || unknown.length > 0) {
    return {
      ok: false,
      message:
        (missing.length > 0 ? `the CSV header lacks ${missing.join(', ')}` : '') +
        (missing.length > 0 && unknown.length > 0 ? '; ' : '') +
        (unknown.length > 0 ? `unknown columns ${unknown.join(', ')}` : ''),
    };
  }
  return { ok: true, header };
}

const list = (text: string | undefined) =>
  text === undefined || text.trim() === ''
    ? []
    : text
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');

/**
 * Groups consecutive rows into claims. `push` takes a row and returns the claim it completed
 * (when the row starts another claim); `end` returns the last one.
 */
export class CsvClaimAssembler {
  private rows: { line: number; fields: string[] }[] = [];
  private claimId: string | undefined;

  constructor(private readonly header: CsvHeader) {}

  push(line: number, text: string): { line: number; json: string } | undefined {
    const fields = csvFields(text);
    const id = this.value(fields, 'claim_id');
    let done: { line: number; json: string } | undefined;
    if (this.rows.length > 0 && id !== this.claimId) done = this.flush();
    this.claimId = id;
    this.rows.push({ line, fields });
    return done;
  }

  end(): { line: number; json: string } | undefined {
    return this.rows.length > 0 ? this.flush() : undefined;
  }

  private value(fields: readonly string[], column: Column): string | undefined {
    const index = this.header.get(column);
    if (index === undefined) return undefined;
    const value = fields[index];
    return value === undefined || value === '' ? undefined : value;
  }

  private flush(): { line: number; json: string } {
    const rows = this.rows;
    this.rows = [];
    const first = rows[0]?.fields ?? [];
    const v = (column: Column) => this.value(first, column);
    const diagnoses = list(v('diagnoses')).map((code, i) => ({
      code,
      role: i === 0 ? 'principal' : 'secondary',
    }));
    const procedures = list(v('procedures')).map((entry, i) => {
      const [code, date] = entry.split('@');
      return { code, date, role: i === 0 ? 'principal' : 'secondary' };
    });
    const categories = list(v('person_categories'));
    const syndromes = list(v('tcm_syndromes'));
    // true / false as written; anything else goes on as text, for validation to refuse at `emergency`.
    const emergency = v('emergency');
    const flag = emergency === 'true' ? true : emergency === 'false' ? false : emergency;
    const claim = {
      id: v('claim_id'),
      type: v('claim_type'),
      person: {
        id: v('person_id'),
        birthDate: v('birth_date'),
        sex: v('sex'),
        insuranceType: v('insurance_type'),
        insuredRegion: v('insured_region'),
        ...(categories.length > 0 ? { categories } : {}),
      },
      institution: {
        code: v('institution_code'),
        name: v('institution_name'),
        tier: v('institution_tier'),
        region: v('institution_region'),
      },
      admissionDate: v('admission_date'),
      ...(v('discharge_date') === undefined ? {} : { dischargeDate: v('discharge_date') }),
      ...(flag === undefined ? {} : { emergency: flag }),
      ...(syndromes.length > 0 ? { tcmSyndromes: syndromes } : {}),
      diagnoses,
      ...(procedures.length > 0 ? { procedures } : {}),
      lines: rows.map(({ fields }) => {
        const approvalRef = this.value(fields, 'approval_ref');
        return {
          id: this.value(fields, 'line_id'),
          kind: this.value(fields, 'item_kind'),
          code: this.value(fields, 'item_code'),
          name: this.value(fields, 'item_name'),
          quantity: this.value(fields, 'quantity'),
          unitPrice: this.value(fields, 'unit_price'),
          amount: this.value(fields, 'amount'),
          date: this.value(fields, 'service_date'),
          ...(approvalRef === undefined ? {} : { approvalRef }),
        };
      }),
      totalAmount: v('total_amount'),
    };
    return { line: rows[0]?.line ?? 0, json: JSON.stringify(claim) };
  }
}
