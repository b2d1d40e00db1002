import { type CalendarDate, type Result, fail, issue, ok } from '@openpayer/domain';
import {
  type RuleSet,
  type RuleSetActivation,
  type RuleSetWire,
  loadRuleSet,
  ruleSetWireOf,
} from '@openpayer/supervision';
import { appendAudit } from './audit-log.ts';
import type { Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Smart-review rule sets as stored documents, like policy versions: immutable once stored (a
 * change is a new set), used from the day they are activated in their region (null = national).
 */

export const RULE_SET_STORE_ISSUE_CODES = [
  'rule_set.exists',
  'rule_set.not_found',
  'rule_set.activation_conflict',
] as const;
export type RuleSetStoreIssueCode = (typeof RULE_SET_STORE_ISSUE_CODES)[number];

export interface RuleSetSummary extends RuleSetActivation {
  readonly id: string;
  readonly title: string;
  readonly region: string | null;
  readonly publishedOn: string;
  readonly activeFrom: string | null;
  readonly activatedBy: string | null;
  readonly rules: number;
  readonly createdAt: string;
}

const COLUMNS = `id, title, region, to_char(published_on, 'YYYY-MM-DD') AS published_on,
  to_char(active_from, 'YYYY-MM-DD') AS active_from, activated_by,
  jsonb_array_length(body->'rules') AS rules,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

interface Row {
  id: string;
  title: string;
  region: string | null;
  published_on: string;
  active_from: string | null;
  activated_by: string | null;
  rules: number;
  created_at: string;
}

const summaryOf = (r: Row): RuleSetSummary => ({
  id: r.id,
  title: r.title,
  region: r.region,
  publishedOn: r.published_on,
  activeFrom: r.active_from,
  activatedBy: r.activated_by,
  rules: r.rules,
  createdAt: r.created_at,
});

/** Stores a validated rule set (not yet active) and appends `rule_set.uploaded` in the same transaction. */
export async function saveRuleSet(
  store: Store,
  ruleSet: RuleSet,
  actor = 'system',
): Promise<Result<RuleSetSummary, RuleSetStoreIssueCode>> {
  const wire = ruleSetWireOf(ruleSet);
  try {
    const summary = await store.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `INSERT INTO rule_sets (id, title, region, published_on, body) VALUES ($1, $2, $3, $4, $5::text::jsonb)
         RETURNING ${COLUMNS}`,
        [ruleSet.id, ruleSet.title, ruleSet.region, ruleSet.publishedOn, JSON.stringify(wire)],
      );
      await appendAudit(tx, [
        {
          kind: 'rule_set.uploaded',
          actor,
          object: { type: 'rule_set', id: ruleSet.id },
          state: { ruleSet: wire, activeFrom: null },
          event: {
            region: ruleSet.region,
            publishedOn: ruleSet.publishedOn,
            rules: String(ruleSet.rules.length),
          },
        },
      ]);
      return summaryOf(row as Row);
    });
    return ok(summary);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fail([
        issue(
          'rule_set.exists',
          `rule set "${ruleSet.id}" exists; publish changes as a new rule set`,
          { path: ['id'] },
        ),
      ]);
    }
    throw error;
  }
}

export async function listRuleSets(store: Store): Promise<RuleSetSummary[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM rule_sets ORDER BY region NULLS FIRST, active_from NULLS LAST, created_at, id`,
  );
  return rows.map(summaryOf);
}

export async function readRuleSet(
  store: Store,
  id: string,
): Promise<{ summary: RuleSetSummary; wire: RuleSetWire; ruleSet: RuleSet } | undefined> {
  const [row] = await store.query<Row & { body: string }>(
    `SELECT ${COLUMNS}, body::text AS body FROM rule_sets WHERE id = $1`,
    [id],
  );
  if (row === undefined) return undefined;
  const wire = JSON.parse(row.body) as RuleSetWire;
  const loaded = loadRuleSet(wire);
  if (!loaded.ok) {
    throw new Error(`stored rule set ${id} no longer loads: ${loaded.issues[0]?.message ?? ''}`);
  }
  return { summary: summaryOf(row), wire, ruleSet: loaded.value };
}

/**
 * Activates a rule set for claims from `from` on, in its region, and appends
 * `rule_set.activated` in the same transaction. Two sets of one region cannot start on one day.
 */
export async function activateRuleSet(
  store: Store,
  id: string,
  from: CalendarDate,
  by: string,
): Promise<Result<RuleSetSummary, RuleSetStoreIssueCode>> {
  try {
    return await activateIn(store, id, from, by);
  } catch (error) {
    // A concurrent activation of another set of the region, the same day, committed first.
    if (!isUniqueViolation(error)) throw error;
    return fail([
      issue(
        'rule_set.activation_conflict',
        `another rule set of the region already starts on ${from}`,
        { path: ['from'] },
      ),
    ]);
  }
}

function activateIn(
  store: Store,
  id: string,
  from: CalendarDate,
  by: string,
): Promise<Result<RuleSetSummary, RuleSetStoreIssueCode>> {
  return store.transaction(async (tx) => {
    const [target] = await tx.query<{
      region: string | null;
      body: string;
      active_from: string | null;
    }>(
      `SELECT region, body::text AS body, to_char(active_from, 'YYYY-MM-DD') AS active_from
       FROM rule_sets WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (target === undefined) {
      return fail([issue('rule_set.not_found', `no rule set "${id}"`, { path: ['id'] })]);
    }
    const clash = await tx.query<{ id: string }>(
      'SELECT id FROM rule_sets WHERE region IS NOT DISTINCT FROM $1 AND active_from = $2::date AND id <> $3',
      [target.region, from, id],
    );
    if (clash[0] !== undefined) {
      return fail([
        issue(
          'rule_set.activation_conflict',
          `rule set "${clash[0].id}" already starts on ${from} in ${target.region ?? 'the nation'}`,
          { path: ['from'], data: { ruleSetId: clash[0].id } },
        ),
      ]);
    }
    const [row] = await tx.query<Row>(
      `UPDATE rule_sets SET active_from = $2::date, activated_by = $3, activated_at = now() WHERE id = $1
       RETURNING ${COLUMNS}`,
      [id, from, by],
    );
    await appendAudit(tx, [
      {
        kind: 'rule_set.activated',
        actor: by,
        object: { type: 'rule_set', id },
        state: { ruleSet: JSON.parse(target.body) as unknown, activeFrom: from },
        event: {
          region: target.region,
          from,
          ...(target.active_from === null ? {} : { previousFrom: target.active_from }),
        },
      },
    ]);
    return ok(summaryOf(row as Row));
  });
}
