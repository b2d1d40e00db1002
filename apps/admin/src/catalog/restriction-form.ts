import { type Restriction, restrictionSchema } from '@openpayer/catalog';
import { z } from 'zod';

/**
 * The restriction editor's form, read from the catalog's own `restrictionSchema` (through its JSON
 * Schema): one entry per restriction kind the schema has, one field per property. A kind or a
 * property added to the schema shows up here without a change; a property of a shape the form has
 * no widget for (a tuple, a list of objects) is edited as JSON, still checked by the schema.
 */

export type Widget =
  | { readonly type: 'text'; readonly pattern: string | null; readonly nullable: boolean }
  | { readonly type: 'integer'; readonly min: number | null; readonly max: number | null }
  | { readonly type: 'number' }
  | { readonly type: 'choice'; readonly options: readonly string[] }
  | { readonly type: 'choices'; readonly options: readonly string[] }
  | { readonly type: 'lines'; readonly pattern: string | null }
  | { readonly type: 'flag' }
  | { readonly type: 'json' };

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
  readonly widget: Widget;
}

export interface KindSpec {
  readonly kind: string;
  readonly fields: readonly FieldSpec[];
}

/** Properties every kind has, edited by the form itself rather than as fields of the kind. */
const COMMON = new Set(['kind', 'text', 'source']);

interface JsonSchema {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema | boolean;
  readonly prefixItems?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
}

function widgetOf(schema: JsonSchema): Widget {
  const variants = schema.anyOf ?? [];
  const nonNull = variants.filter((v) => v.type !== 'null');
  if (variants.length > 0 && nonNull.length === 1 && nonNull[0] !== undefined) {
    const inner = widgetOf(nonNull[0]);
    return inner.type === 'text' ? { ...inner, nullable: true } : { type: 'json' };
  }
  if (schema.enum !== undefined) return { type: 'choice', options: schema.enum.map(String) };
  switch (schema.type) {
    case 'string':
      return { type: 'text', pattern: schema.pattern ?? null, nullable: false };
    case 'integer':
      return { type: 'integer', min: schema.minimum ?? null, max: schema.maximum ?? null };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'flag' };
    case 'array': {
      const items = schema.items;
      if (schema.prefixItems !== undefined || typeof items !== 'object') return { type: 'json' };
      if (items.enum !== undefined) return { type: 'choices', options: items.enum.map(String) };
      if (items.type === 'string') return { type: 'lines', pattern: items.pattern ?? null };
      return { type: 'json' };
    }
    default:
      return { type: 'json' };
  }
}

let specs: readonly KindSpec[] | undefined;

/** Every restriction kind the schema knows, with its fields, in the schema's order. */
export function restrictionKindSpecs(): readonly KindSpec[] {
  if (specs !== undefined) return specs;
  const json = z.toJSONSchema(restrictionSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  specs = (json.oneOf ?? json.anyOf ?? []).map((variant) => {
    const properties = variant.properties ?? {};
    const required = new Set(variant.required ?? []);
    return {
      kind: typeof properties['kind']?.const === 'string' ? properties['kind'].const : '',
      fields: Object.entries(properties)
        .filter(([name]) => !COMMON.has(name))
        .map(([name, schema]) => ({
          name,
          required: required.has(name),
          widget: widgetOf(schema),
        })),
    };
  });
  return specs;
}

export function kindSpec(kind: string): KindSpec {
  return restrictionKindSpecs().find((s) => s.kind === kind) ?? { kind, fields: [] };
}

export type DraftValue = string | boolean | readonly string[];

/** One restriction as the form holds it: text inputs' strings, checkboxes' states. */
export interface RestrictionDraft {
  readonly kind: string;
  readonly text: string;
  readonly values: Readonly<Record<string, DraftValue>>;
  /** The restriction it was loaded from (null: added by the administrator). */
  readonly origin: Restriction | null;
}

function draftValue(widget: Widget, value: unknown): DraftValue {
  switch (widget.type) {
    case 'text':
    case 'choice':
      return typeof value === 'string' ? value : '';
    case 'integer':
    case 'number':
      return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
    case 'choices':
      return Array.isArray(value) ? value.map(String) : [];
    case 'lines':
      return Array.isArray(value) ? value.map(String).join('\n') : '';
    case 'flag':
      return value === true;
    case 'json':
      return value === undefined ? '' : JSON.stringify(value);
  }
}

export function draftOf(restriction: Restriction): RestrictionDraft {
  const record = restriction as unknown as Readonly<Record<string, unknown>>;
  return {
    kind: restriction.kind,
    text: restriction.text,
    origin: restriction,
    values: Object.fromEntries(
      kindSpec(restriction.kind).fields.map((f) => [f.name, draftValue(f.widget, record[f.name])]),
    ),
  };
}

export function emptyDraft(kind: string, text = ''): RestrictionDraft {
  return {
    kind,
    text,
    origin: null,
    values: Object.fromEntries(
      kindSpec(kind).fields.map((f) => [f.name, draftValue(f.widget, undefined)]),
    ),
  };
}

/** A new kind for a draft: the values of fields both kinds have are kept. */
export function withKind(draft: RestrictionDraft, kind: string): RestrictionDraft {
  const fresh = emptyDraft(kind, draft.text);
  const values = { ...fresh.values };
  for (const field of kindSpec(kind).fields) {
    const old = draft.values[field.name];
    if (old !== undefined && typeof old === typeof values[field.name]) values[field.name] = old;
  }
  return { ...fresh, values, origin: draft.origin };
}

/**
 * The field's value for the schema, or `undefined` to leave it out. Input the form cannot turn
 * into the field's type is passed as typed, so the schema's issue names the field.
 */
function fieldValue(field: FieldSpec, value: DraftValue | undefined): unknown {
  const w = field.widget;
  const omit = !field.required;
  switch (w.type) {
    case 'text': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text !== '') return text;
      return w.nullable ? null : omit ? undefined : '';
    }
    case 'choice': {
      const text = typeof value === 'string' ? value : '';
      return text === '' && omit ? undefined : text;
    }
    case 'integer':
    case 'number': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return omit ? undefined : null;
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'choices': {
      const list = Array.isArray(value) ? [...(value as readonly string[])] : [];
      return list.length === 0 && omit ? undefined : list;
    }
    case 'lines': {
      const list = (typeof value === 'string' ? value : '')
        .split(/\r?\n/u)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return list.length === 0 && omit ? undefined : list;
    }
    case 'flag':
      return value === true ? true : omit ? undefined : false;
    case 'json': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return omit ? undefined : null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
  }
}

/** JSON with sorted keys: the same restriction however its keys were ordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/**
 * The restriction a draft describes (unchecked: the edit's schema checks it). One left as it was
 * loaded keeps its source; anything else an administrator wrote is `manual`.
 */
export function restrictionOf(draft: RestrictionDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: draft.kind, text: draft.text.trim() };
  for (const field of kindSpec(draft.kind).fields) {
    const value = fieldValue(field, draft.values[field.name]);
    if (value !== undefined) out[field.name] = value;
  }
  const origin = draft.origin;
  const unchanged =
    origin !== null &&
    canonical({ ...origin, source: null }) === canonical({ ...out, source: null });
  out['source'] = unchanged ? origin.source : 'manual';
  return out;
}

/** "minYears" → "min years", for a field without a label of its own. */
export function fieldLabel(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .replace(/_/gu, ' ')
    .toLowerCase();
}
