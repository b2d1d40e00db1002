import { randomBytes } from 'node:crypto';
import {
  importShippedDemoCatalog,
  loadDemoApprovalPolicy,
  loadImportSettings,
  loadServiceImportSettings,
  readShipped,
} from '@openpayer/catalog/node';
import { type CalendarDate, type Result, addDays } from '@openpayer/domain';
import { type Policy, parsePolicyText } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import {
  type Principal,
  type ReviewRun,
  type ReviewRunIssueCode,
  type Store,
  activatePolicy,
  activateRuleSet,
  createPrincipal,
  failInterruptedSimulations,
  listPolicies,
  listReleases,
  listRuleSets,
  openStore,
  readReviewRun,
  readRuleSet,
  rotateKey,
  savePolicy,
  saveRelease,
  runReview,
  saveRuleSet,
} from '@openpayer/persistence';
import {
  type RuleBaseRuleSet,
  type RuleImportIssueCode,
  type RuleSet,
  demoRuleSetWire,
  importNationalRuleSet,
  loadRuleSet,
  nationalRuleBaseDefaults,
} from '@openpayer/supervision';
import { type ApiServices, createServices, today } from './services.ts';

/**
 * Opening the product on a database: the embedded one in a data folder by default, PostgreSQL
 * when a URL is given, and — for the demo — the shipped data: the real 2024 national drug list with
 * the national service items and consumables (demo tier prices) as the catalog, the demo region's policy activated from its first effective date, and one API
 * principal per role.
 */

export const DEMO_PRINCIPALS: readonly Principal[] = [
  { id: 'demo-admin', name: '示范医保局 管理员', role: 'administrator', institutionCode: null },
  { id: 'demo-reviewer', name: '示范医保局 审核员', role: 'reviewer', institutionCode: null },
  { id: 'demo-auditor', name: '示范医保局 稽核员', role: 'auditor', institutionCode: null },
  {
    id: 'demo-hospital',
    name: '哈尔滨示范三级医院 接口',
    role: 'institution_integrator',
    institutionCode: 'H23010300012',
  },
];

export interface SeedReport {
  readonly catalogImported: string | null;
  readonly policyActivated: string | null;
  /** A fresh key for each demo principal (older keys stop working). */
  readonly keys: Readonly<Record<string, string>>;
}

/** The earliest date any of the policy's entries starts: when the demo activates it. */
function firstEffectiveDate(policy: Policy): CalendarDate {
  let first: CalendarDate | undefined;
  for (const entries of Object.values(policy.parameters) as readonly { from: CalendarDate }[][]) {
    for (const entry of entries) if (first === undefined || entry.from < first) first = entry.from;
  }
  return first ?? policy.publishedOn;
}

/** Adds what is missing of the demo data; safe to run on every start. */
export async function seedDemo(store: Store): Promise<SeedReport> {
  let catalogImported: string | null = null;
  if ((await listReleases(store)).length === 0) {
    const imported = importShippedDemoCatalog();
    if (!imported.ok) throw new Error(`shipped catalog: ${imported.issues[0]?.message ?? ''}`);
    const saved = await saveRelease(store, imported.value.release);
    if (!saved.ok) throw new Error(saved.issues[0]?.message ?? 'catalog');
    catalogImported = saved.value.id;
  }
  let policyActivated: string | null = null;
  if ((await listPolicies(store)).length === 0) {
    const parsed = parsePolicyText(readDemoPolicyText(), 'yaml');
    if (!parsed.ok) throw new Error(`shipped policy: ${parsed.issues[0]?.message ?? ''}`);
    const saved = await savePolicy(store, parsed.value);
    if (!saved.ok) throw new Error(saved.issues[0]?.message ?? 'policy');
    const activated = await activatePolicy(
      store,
      parsed.value.id,
      firstEffectiveDate(parsed.value),
      'seed',
    );
    if (!activated.ok) throw new Error(activated.issues[0]?.message ?? 'policy');
    policyActivated = parsed.value.id;
  }
  const keys: Record<string, string> = {};
  for (const principal of DEMO_PRINCIPALS) {
    const created = await createPrincipal(store, principal, 'system');
    if (created.ok) {
      keys[principal.id] = created.value.apiKey;
      continue;
    }
    const rotated = await rotateKey(store, principal.id, { reinstate: true, actor: 'system' });
    if (!rotated.ok) throw new Error(rotated.issues[0]?.message ?? 'principal');
    keys[principal.id] = rotated.value.apiKey;
  }
  return { catalogImported, policyActivated, keys };
}

/**
 * The national rule set (batches 1–8) built from the rule-base files shipped with the catalog and
 * the catalog's own import settings, with the import's report: the one place the shipped national
 * set is assembled (the demo seeding and the benchmarks).
 */
export function importShippedNationalRuleSet(): Result<RuleBaseRuleSet, RuleImportIssueCode> {
  return importNationalRuleSet({
    drugRestrictionsCsv: readShipped('ruleBaseRestrictions'),
    drugCodesCsv: readShipped('ruleBaseCodes'),
    itemRestrictionsCsv: readShipped('ruleBaseItemRestrictions'),
    duplicatesCsv: readShipped('ruleBaseDuplicateCharges'),
    catalogSettings: loadImportSettings(),
    serviceSettings: loadServiceImportSettings(),
  });
}

/** The review run the demo seeding makes over the seeded ledger. */
export const DEMO_REVIEW_RUN = 'run_demo_seed';

export interface DemoReviewReport {
  /** The rule sets this call stored or activated (none when every one was in place). */
  readonly activated: readonly {
    readonly id: string;
    readonly rules: number;
    readonly from: string;
  }[];
  /** The post-payment run this call made over the seeded ledger; null when it was made before. */
  readonly run: Result<ReviewRun, ReviewRunIssueCode> | null;
}

/** A rule set's first day in force: its earliest rule's start (or its publication). */
function firstRuleDate(ruleSet: RuleSet): CalendarDate {
  let from = ruleSet.publishedOn;
  for (const rule of ruleSet.rules) if (rule.from < from) from = rule.from;
  return from;
}

/**
 * The demo's smart review (`openpayer serve`, after its synthetic claims): the national rule base
 * and the demo region's rule set (PRODUCT.md §5 rules with the §8 values), each stored when missing
 * and activated from its first rule's day when not active; then, once, a post-payment review run
 * over the ledger up to today so the findings screens have data. Each step is checked on its own,
 * so a start that died half-way finishes on the next. Not part of `seedDemo`: settling with rules
 * active changes what a claim pays, which the API's tests do not assume.
 */
export async function seedDemoReview(services: ApiServices, by: string): Promise<DemoReviewReport> {
  const { store } = services;
  const stored = new Map((await listRuleSets(store)).map((r) => [r.id, r]));
  const shipped: (() => RuleSet)[] = [
    () => {
      const national = importShippedNationalRuleSet();
      if (!national.ok) throw new Error(`shipped rule base: ${national.issues[0]?.message ?? ''}`);
      return national.value.ruleSet;
    },
    () => {
      const demo = loadRuleSet(demoRuleSetWire());
      if (!demo.ok) throw new Error(`shipped demo rule set: ${demo.issues[0]?.message ?? ''}`);
      return demo.value;
    },
  ];
  const ids = [nationalRuleBaseDefaults().ruleSet.id, demoRuleSetWire().id];
  const activated: { id: string; rules: number; from: string }[] = [];
  for (const [i, build] of shipped.entries()) {
    const summary = stored.get(ids[i] ?? '');
    if (summary?.activeFrom !== null && summary !== undefined) continue;
    const ruleSet =
      summary === undefined ? build() : (await readRuleSet(store, summary.id))?.ruleSet;
    if (ruleSet === undefined) continue;
    if (summary === undefined) {
      const saved = await saveRuleSet(store, ruleSet, by);
      if (!saved.ok) throw new Error(saved.issues[0]?.message ?? 'rule set');
    }
    const from = firstRuleDate(ruleSet);
    const done = await activateRuleSet(store, ruleSet.id, from, by);
    if (!done.ok) throw new Error(done.issues[0]?.message ?? 'rule set');
    activated.push({ id: ruleSet.id, rules: ruleSet.rules.length, from });
  }
  if (activated.length > 0) services.invalidate('rule_sets');
  if ((await readReviewRun(store, DEMO_REVIEW_RUN)) !== undefined) return { activated, run: null };
  const active = (await listRuleSets(store)).flatMap((r) =>
    r.activeFrom === null ? [] : [r.activeFrom],
  );
  if (active.length === 0) return { activated, run: null };
  const run = await runReview(store, {
    id: DEMO_REVIEW_RUN,
    from: active.reduce((a, b) => (b < a ? b : a)) as CalendarDate,
    to: addDays(today(services), 1),
    by,
    ruleSetsAt: (date, region) => services.ruleSetsAt(date, region),
    catalog: (id) => services.catalog(id),
  });
  return { activated, run };
}

export interface OpenOptions {
  /** postgres://… (e.g. DATABASE_URL); the embedded database otherwise. */
  readonly databaseUrl?: string | undefined;
  /** Where the embedded database keeps its files; in memory when absent. */
  readonly dataDir?: string | undefined;
  /** An in-memory database starts from this image (`emptyStoreImage`; see `openStore`). */
  readonly image?: Blob | undefined;
  /** The ledger hash-partitioned by person into this many partitions (see `openStore`). */
  readonly partitionByPerson?: number | undefined;
  readonly seed?: boolean;
  readonly now?: () => Date;
  /** The audit log's signing key (base64 Ed25519 secret key); default: the database's own. */
  readonly auditSigningKey?: string | undefined;
}

export async function openServices(
  options: OpenOptions = {},
): Promise<{ services: ApiServices; store: Store; seed: SeedReport | null }> {
  const store = await openStore({
    url: options.databaseUrl,
    dataDir: options.dataDir,
    image: options.image,
    partitionByPerson: options.partitionByPerson,
  });
  try {
    const seed = options.seed === false ? null : await seedDemo(store);
    // The embedded database has one process: a simulation still running was cut off with it.
    if (options.databaseUrl === undefined) await failInterruptedSimulations(store);
    const services = createServices({
      store,
      approvalPolicy: loadDemoApprovalPolicy(),
      randomHex: (bytes) => randomBytes(bytes).toString('hex'),
      auditSigningKey: options.auditSigningKey,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    // The oversight data in force (uploaded over shipped), before the first case is worked.
    await services.oversight();
    return { services, store, seed };
  } catch (error) {
    await store.close();
    throw error;
  }
}
