import { readFileSync, readdirSync } from 'node:fs';
import { ACTIONS, type Action, type PrincipalRole, may } from '@openpayer/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, type TestApi, testApi } from './__fixtures__/harness.ts';

/**
 * The routes guarded by `allow(action)` answer exactly as the shared permission table says: every
 * role the table names gets past the guard, every other one is refused by it. The calls carry
 * bodies the routes reject (or name objects that do not exist), so nothing is changed and an
 * allowed role's answer is a validation error or a 404, never the guard's 403.
 */

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

const ROLE_OF: Readonly<Record<Exclude<As, 'anonymous' | 'otherHospital'>, PrincipalRole>> = {
  admin: 'administrator',
  reviewer: 'reviewer',
  auditor: 'auditor',
  hospital: 'institution_integrator',
};

interface Guarded {
  readonly action: Action;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string;
}

const GUARDED: readonly Guarded[] = [
  { action: 'import_catalog', method: 'POST', path: '/v1/catalog/releases', body: '{}' },
  {
    action: 'edit_catalog',
    method: 'POST',
    path: '/v1/catalog/releases/nrdl-2024/items/none/restrictions',
    body: '{}',
  },
  {
    action: 'import_catalog',
    method: 'POST',
    path: '/v1/catalog/releases/nrdl-2024/crosswalk',
    body: '{}',
  },
  { action: 'request_approval', method: 'POST', path: '/v1/approvals', body: '{}' },
  { action: 'decide_approval', method: 'POST', path: '/v1/approvals/AP-NONE/approve', body: '{}' },
  { action: 'decide_approval', method: 'POST', path: '/v1/approvals/AP-NONE/reject', body: '{}' },
  { action: 'manage_principals', method: 'GET', path: '/v1/principals' },
  { action: 'manage_principals', method: 'POST', path: '/v1/principals', body: '{}' },
  {
    action: 'upload_policy',
    method: 'POST',
    path: '/v1/policies',
    contentType: 'text/plain',
    body: 'not a policy',
  },
  { action: 'activate_policy', method: 'POST', path: '/v1/policies/none/activate', body: '{}' },
  { action: 'settle', method: 'POST', path: '/v1/claims/settle', body: '{}' },
  { action: 'reverse', method: 'POST', path: '/v1/settlements/stl_none/reverse', body: '{}' },
  { action: 'read_audit', method: 'GET', path: '/v1/audit/settlements/stl_none/proof' },
  { action: 'manage_rules', method: 'POST', path: '/v1/rule-sets', body: '{}' },
  { action: 'manage_rules', method: 'POST', path: '/v1/rule-sets/none/activate', body: '{}' },
  {
    action: 'respond_finding',
    method: 'POST',
    path: '/v1/findings/fnd_none/respond',
    body: '{}',
  },
  { action: 'run_review', method: 'POST', path: '/v1/review-runs', body: '{}' },
  { action: 'run_review', method: 'GET', path: '/v1/review-runs/run_none' },
  { action: 'release_claim', method: 'POST', path: '/v1/settlements/stl_none/release', body: '{}' },
  { action: 'reconcile', method: 'POST', path: '/v1/reconciliations', body: '{}' },
  { action: 'record_observations', method: 'PUT', path: '/v1/value/observations', body: '{}' },
  { action: 'record_outcome', method: 'POST', path: '/v1/value/outcomes', body: '{}' },
  { action: 'run_value_period', method: 'POST', path: '/v1/value/period-runs', body: '{}' },
  { action: 'run_review', method: 'GET', path: '/v1/value/outcomes' },
  { action: 'read', method: 'POST', path: '/v1/value/icer', body: '{}' },
  { action: 'request_special_case', method: 'POST', path: '/v1/special-cases', body: '{}' },
  {
    action: 'decide_special_case',
    method: 'POST',
    path: '/v1/special-cases/spc_none/decide',
    body: '{}',
  },
  { action: 'work_case', method: 'POST', path: '/v1/cases', body: '{}' },
  { action: 'work_case', method: 'POST', path: '/v1/cases/case_none/steps', body: '{}' },
  { action: 'work_case', method: 'POST', path: '/v1/cases/escalations', body: '{"on":"x"}' },
  { action: 'answer_case', method: 'POST', path: '/v1/cases/case_none/replies', body: '{}' },
  { action: 'work_case', method: 'GET', path: '/v1/cases/sample?period=2025' },
  { action: 'manage_oversight', method: 'POST', path: '/v1/oversight/kpi-definitions', body: '{}' },
  { action: 'manage_oversight', method: 'POST', path: '/v1/oversight/anomaly-rules', body: '{}' },
  { action: 'manage_oversight', method: 'POST', path: '/v1/oversight/budgets', body: '{}' },
  { action: 'manage_oversight', method: 'POST', path: '/v1/oversight/case-rules', body: '{}' },
  { action: 'manage_oversight', method: 'POST', path: '/v1/oversight/work-calendars', body: '{}' },
  { action: 'simulate', method: 'POST', path: '/v1/simulations', body: '{}' },
  { action: 'simulate', method: 'GET', path: '/v1/simulations' },
  { action: 'simulate', method: 'GET', path: '/v1/simulations/sim_none/report' },
  { action: 'simulate', method: 'POST', path: '/v1/simulations/sim_none/cancel' },
  { action: 'upload_policy', method: 'POST', path: '/v1/value/adjustment-proposals', body: '{}' },
  { action: 'upload_policy', method: 'POST', path: '/v1/value/assessments', body: '{}' },
  {
    action: 'precheck',
    method: 'POST',
    path: '/v1/value/standards',
    body: '{}',
  },
];

describe('the API enforces the permission table', () => {
  it.each(GUARDED)('$method $path: $action', async (route) => {
    for (const [as, role] of Object.entries(ROLE_OF) as [keyof typeof ROLE_OF, PrincipalRole][]) {
      const res = await api.request(route.path, {
        method: route.method,
        as,
        ...(route.body === undefined
          ? {}
          : {
              body: route.body,
              headers: { 'content-type': route.contentType ?? 'application/json' },
            }),
      });
      const refusedByGuard =
        res.status === 403 &&
        ((await res.json()) as { error: { message: string } }).error.message.startsWith(
          `a ${role} cannot`,
        );
      expect(refusedByGuard, `${role} on ${route.method} ${route.path} (${res.status})`).toBe(
        !may(role, route.action),
      );
      if (may(role, route.action)) expect(res.status).toBeLessThan(500);
    }
  });

  it('covers every action a route file guards', () => {
    const dir = new URL('./routes/', import.meta.url);
    const guarded = new Set<string>();
    for (const file of readdirSync(dir).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    )) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const m of text.matchAll(/\ballow\('(\w+)'\)/gu)) guarded.add(m[1] ?? '');
    }
    const actions = [...guarded].filter((a) => (ACTIONS as readonly string[]).includes(a));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => !GUARDED.some((g) => g.action === a))).toEqual([]);
  });
});
