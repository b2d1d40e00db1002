import { createPrincipal, emptyStoreImage } from '@openpayer/persistence';
import { demoClaimWire, lineAmount } from '@openpayer/testing';
import { type AppOptions, createApp } from '../app.ts';
import { openServices } from '../bootstrap.ts';
import type { ApiServices } from '../services.ts';

/**
 * A real API over a real (embedded, in-memory) database seeded with the demo data — the real 2024
 * drug list, the demo policy activated — and one key per role, plus an integrator of another
 * institution for the object-level authorization tests.
 */

export const OWN_INSTITUTION = 'H23010300012';
export const OTHER_INSTITUTION = 'H23010200077';

export type As = 'admin' | 'reviewer' | 'auditor' | 'hospital' | 'otherHospital' | 'anonymous';

export interface TestApi {
  readonly app: ReturnType<typeof createApp>;
  readonly services: ApiServices;
  readonly keys: Readonly<Record<Exclude<As, 'anonymous'>, string>>;
  request(path: string, init?: RequestInit & { as?: As; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** 2025-07-01, a day inside the demo policy and catalog. */
export const FIXED_NOW = new Date('2025-07-01T08:00:00Z');

export async function testApi(
  options: Partial<Omit<AppOptions, 'services'>> = {},
): Promise<TestApi> {
  const { services, store, seed } = await openServices({
    now: () => FIXED_NOW,
    // The migrated empty database as an image: a second instead of initdb and the migrations.
    image: await emptyStoreImage(),
  });
  const other = await createPrincipal(store, {
    id: 'other-hospital',
    name: 'another hospital',
    role: 'institution_integrator',
    institutionCode: OTHER_INSTITUTION,
  });
  if (seed === null || !other.ok) throw new Error('seeding failed');
  const keys = {
    admin: seed.keys['demo-admin'] as string,
    reviewer: seed.keys['demo-reviewer'] as string,
    auditor: seed.keys['demo-auditor'] as string,
    hospital: seed.keys['demo-hospital'] as string,
    otherHospital: other.value.apiKey,
  };
  const app = createApp({
    services,
    rateLimit: { perSecond: 100_000, burst: 100_000 },
    ...options,
  });
  return {
    app,
    services,
    keys,
    async request(path, init = {}) {
      const { as = 'admin', json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as !== 'anonymous') headers.set('authorization', `Bearer ${keys[as]}`);
      if (json !== undefined) {
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
        return app.request(path, {
          method: 'POST',
          ...rest,
          headers,
          body: typeof json === 'string' ? json : JSON.stringify(json),
        });
      }
      return app.request(path, { ...rest, headers });
    },
    close: () => store.close(),
  };
}

export interface ClaimOptions {
  readonly id: string;
  readonly personId?: string;
  readonly institutionCode?: string;
  readonly lines?: readonly { code: string; name: string; quantity: string; unitPrice: string }[];
  readonly date?: string;
}

/** An inpatient claim of the demo region: a Harbin employee with lung cancer (C34.900). */
export function claimJson(options: ClaimOptions): Record<string, unknown> {
  const date = options.date ?? '2025-06-15';
  const lines = (
    options.lines ?? [
      {
        code: 'XC04ABF039A001010100141',
        name: '酚妥拉明注射剂',
        quantity: '1',
        unitPrice: '5000.00',
      },
    ]
  ).map((l, i) => ({
    id: `L${i + 1}`,
    kind: 'drug',
    ...l,
    amount: lineAmount(l.quantity, l.unitPrice),
    date,
  }));
  return demoClaimWire({
    id: options.id,
    person: { id: options.personId ?? 'P-000501' },
    institution: { code: options.institutionCode ?? OWN_INSTITUTION },
    dischargeDate: date,
    lines,
  });
}
