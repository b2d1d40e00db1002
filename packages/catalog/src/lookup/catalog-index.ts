import type { CatalogItem, SubstitutionGroup } from '../item/item.ts';
import type { Restriction } from '../restrictions/restriction.ts';
import type { CatalogRelease } from '../version/release.ts';
import { type CrosswalkEntry, crosswalkKey } from './crosswalk.ts';

/**
 * The in-memory index of one release: every way a claim line can name an item resolves with a
 * few map look-ups, never a scan of the list.
 *
 * Resolution order: the institution's crosswalk (local code → national code), then the exact
 * national code, then the generic key (a drug code's first 10 characters: classification +
 * generic name — every manufacturer and specification of the same generic), then, for a drug,
 * the line's name within its classification (flagged, because a name is weaker evidence). A
 * consumable's 20- or 27-character product code resolves to its 15-character classification.
 */

export const MATCH_KINDS = ['code', 'generic', 'name'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface ResolvedItem {
  readonly item: CatalogItem;
  readonly matchedBy: MatchKind;
  /** The national code used: the line's own, or the crosswalk's for its local code. */
  readonly nationalCode: string;
  readonly viaCrosswalk: boolean;
}

export interface LineReference {
  readonly kind: CatalogItem['kind'];
  readonly code: string;
  readonly localCode?: string | undefined;
  readonly name?: string | undefined;
}

const GENERIC_KEY_LENGTH = 10;
/** A consumable's classification (医用耗材分类代码): the first 15 characters of its code. */
const CONSUMABLE_CLASSIFICATION_LENGTH = 15;

export class CatalogIndex {
  readonly release: CatalogRelease;
  private readonly byId = new Map<string, CatalogItem>();
  private readonly byCode = new Map<string, CatalogItem>();
  private readonly byGenericKey = new Map<string, CatalogItem>();
  private readonly byCategory = new Map<string, CatalogItem[]>();
  private readonly restrictionsByCode = new Map<string, readonly Restriction[]>();
  private readonly crosswalk = new Map<string, string>();
  private readonly groupsByItem = new Map<string, SubstitutionGroup[]>();
  private readonly groupsByPrefix = new Map<string, SubstitutionGroup>();
  private readonly prefixLengths: number[];
  readonly formulary: ReadonlySet<string> | null;
  /** `alternatives` bound to this index, to hand to `decideCoverage` without a closure per line. */
  readonly alternativesOf: (itemId: string | undefined, code: string) => string[];

  constructor(release: CatalogRelease, crosswalk: readonly CrosswalkEntry[] = []) {
    this.release = release;
    for (const item of release.items) {
      this.byId.set(item.id, item);
      for (const code of item.codes) {
        if (!this.byCode.has(code)) this.byCode.set(code, item);
        const key = code.slice(0, GENERIC_KEY_LENGTH);
        if (item.kind === 'drug' && !this.byGenericKey.has(key)) this.byGenericKey.set(key, item);
      }
      if (item.categoryCode !== null) {
        const list = this.byCategory.get(item.categoryCode);
        if (list === undefined) this.byCategory.set(item.categoryCode, [item]);
        else list.push(item);
      }
    }
    for (const entry of release.codeRestrictions) {
      this.restrictionsByCode.set(entry.code, entry.restrictions);
    }
    // The release's own crosswalk, then any given here (a later mapping of a local code wins).
    for (const entry of [...release.crosswalk, ...crosswalk]) {
      this.crosswalk.set(crosswalkKey(entry.institutionCode, entry.localCode), entry.nationalCode);
    }
    const lengths = new Set<number>();
    for (const group of release.substitutionGroups) {
      for (const id of group.itemIds) {
        const list = this.groupsByItem.get(id);
        if (list === undefined) this.groupsByItem.set(id, [group]);
        else list.push(group);
      }
      if (group.codePrefix !== null) {
        this.groupsByPrefix.set(group.codePrefix, group);
        lengths.add(group.codePrefix.length);
      }
    }
    this.prefixLengths = [...lengths].sort((a, b) => b - a);
    this.formulary =
      release.primaryCareFormulary === null ? null : new Set(release.primaryCareFormulary);
    this.alternativesOf = (itemId, code) => this.alternatives(itemId, code);
  }

  get size(): number {
    return this.byId.size;
  }

  item(id: string): CatalogItem | undefined {
    return this.byId.get(id);
  }

  items(): IterableIterator<CatalogItem> {
    return this.byId.values();
  }

  /** Rule-base restrictions attached to a national code (empty when none). */
  codeRestrictions(code: string): readonly Restriction[] {
    return this.restrictionsByCode.get(code) ?? EMPTY;
  }

  resolve(line: LineReference, institutionCode?: string): ResolvedItem | undefined {
    let code = line.code;
    let viaCrosswalk = false;
    if (line.localCode !== undefined && institutionCode !== undefined) {
      const mapped = this.crosswalk.get(crosswalkKey(institutionCode, line.localCode));
      if (mapped !== undefined) {
        code = mapped;
        viaCrosswalk = true;
      }
    }
    const exact = this.byCode.get(code);
    if (exact !== undefined)
      return { item: exact, matchedBy: 'code', nationalCode: code, viaCrosswalk };
    if (line.kind === 'consumable') {
      // A product code (20: + manufacturer, 27: + specification) falls under its classification.
      const classified =
        code.length > CONSUMABLE_CLASSIFICATION_LENGTH
          ? this.byCode.get(code.slice(0, CONSUMABLE_CLASSIFICATION_LENGTH))
          : undefined;
      return classified === undefined || classified.kind !== 'consumable'
        ? undefined
        : { item: classified, matchedBy: 'generic', nationalCode: code, viaCrosswalk };
    }
    if (line.kind !== 'drug') return undefined;
    const generic = this.byGenericKey.get(code.slice(0, GENERIC_KEY_LENGTH));
    if (generic !== undefined) {
      return { item: generic, matchedBy: 'generic', nationalCode: code, viaCrosswalk };
    }
    const name = line.name;
    if (name === undefined || name === '') return undefined;
    for (let length = Math.min(code.length, 7); length >= 3; length--) {
      const candidates = this.byCategory.get(code.slice(0, length));
      if (candidates === undefined) continue;
      const hit =
        candidates.find((c) => c.name === name) ??
        candidates.find((c) => name.startsWith(c.name) || c.name.startsWith(name));
      if (hit !== undefined)
        return { item: hit, matchedBy: 'name', nationalCode: code, viaCrosswalk };
    }
    return undefined;
  }

  /**
   * In-catalog alternatives for an item (its substitution groups) or, for a code not in the
   * catalog, the same-class group its classification falls in. Never the item itself; at most `limit`.
   */
  alternatives(itemId: string | undefined, code: string, limit = 5): string[] {
    const groups = itemId === undefined ? undefined : this.groupsByItem.get(itemId);
    const out: string[] = [];
    if (groups !== undefined) for (const g of groups) addMembers(out, g, itemId, limit);
    if (out.length === 0) {
      for (const length of this.prefixLengths) {
        const group = this.groupsByPrefix.get(code.slice(0, length));
        if (group !== undefined) {
          addMembers(out, group, itemId, limit);
          break;
        }
      }
    }
    return out;
  }
}

/** The group's items other than `itemId`, not yet in `out`, until `out` holds `limit`. */
function addMembers(
  out: string[],
  group: SubstitutionGroup,
  itemId: string | undefined,
  limit: number,
): void {
  for (const id of group.itemIds) {
    if (out.length >= limit) return;
    if (id !== itemId && !out.includes(id)) out.push(id);
  }
}

const EMPTY: readonly Restriction[] = [];
