import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openServices } from '@openpayer/api/bootstrap';
import { claimSchema } from '@openpayer/domain';
import { settleClaim } from '@openpayer/persistence';
import { demoClaimWire } from '@openpayer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

/**
 * `openpayer reconcile` over an embedded database seeded as `openpayer serve` seeds it, with two
 * heart-failure stays settled through the ledger: the same engine and record as the API's.
 */

const HOSPITAL = 'H23010300012';
let dir: string;
let db: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-reconcile-'));
  db = path.join(dir, 'db');
  const { services, store } = await openServices({ dataDir: db });
  try {
    for (const [id, amount, person] of [
      ['C-CLI-REC-1', '20000.00', 'P-000701'],
      ['C-CLI-REC-2', '2500.00', 'P-000702'],
    ] as const) {
      const wire = demoClaimWire({
        id,
        person: { id: person },
        diagnoses: [{ code: 'I50.900', role: 'principal' }],
        lines: [
          {
            id: 'L1',
            kind: 'drug',
            code: 'XC04ABF039A001010100141',
            name: '酚妥拉明注射剂',
            quantity: '1',
            unitPrice: amount,
            amount,
            date: '2025-06-10',
          },
        ],
      });
      const settled = await settleClaim(services, {
        claim: claimSchema.parse(wire),
        principal: HOSPITAL,
        idempotencyKey: undefined,
        requestText: JSON.stringify(wire),
      });
      if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
    }
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => runCli(dir, ['reconcile', '--db', db, ...argv], '');

describe('openpayer reconcile', () => {
  it('records the quarter once and prints each fund’s figures and each case', async () => {
    const first = await run(['--institution', HOSPITAL, '--period', '2025-Q2']);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    expect(first.stdout).toMatch(
      /^recorded rec_\w+: H23010300012 2025-Q2 \(2025-04-01 to 2025-07-01/u,
    );
    expect(first.stdout).toContain('C-CLI-REC-1\tFR2');
    expect(first.stdout).toContain('demo-230100-2025.1 parameters.caseReconciliation[0]');
    const again = await run(['--institution', HOSPITAL, '--period', '2025-Q2', '--json']);
    expect(again.code).toBe(EXIT.ok);
    const body = JSON.parse(again.stdout) as {
      id: string;
      reconciliation: { cases: { claimId: string; cost: string }[]; totals: { cases: number } };
    };
    expect(first.stdout).toContain(body.id);
    expect(body.reconciliation.cases.map((c) => [c.claimId, c.cost])).toEqual([
      ['C-CLI-REC-1', '20000.00'],
      ['C-CLI-REC-2', '2500.00'],
    ]);
  }, 120_000);

  it('names what keeps a period from being reconciled, and bad options', async () => {
    const empty = await run(['--institution', HOSPITAL, '--period', '2025-Q1']);
    expect(empty.code).toBe(EXIT.recordsWithErrors);
    expect(empty.stderr).toContain('reconcile.no_cases');
    const period = await run(['--institution', HOSPITAL, '--period', '2025-Q5']);
    expect(period.code).toBe(EXIT.usage);
    expect(period.stderr).toContain('--period');
    const none = await run(['--period', '2025-Q2']);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('--institution');
    const missing = await runCli(
      dir,
      [
        'reconcile',
        '--db',
        path.join(dir, 'nowhere'),
        '--institution',
        HOSPITAL,
        '--period',
        '2025-Q2',
      ],
      '',
    );
    expect(missing.code).toBe(EXIT.input);
  }, 120_000);
});

describe('openpayer reconcile --method dip', () => {
  // Its own database: the region's quarter holds only these DIP stays (demo DIP catalog).
  let dipDir: string;
  let dipDb: string;
  beforeAll(async () => {
    dipDir = await mkdtemp(path.join(tmpdir(), 'openpayer-reconcile-dip-'));
    dipDb = path.join(dipDir, 'db');
    const { services, store } = await openServices({ dataDir: dipDb });
    try {
      // HK80101 (1180, average 12,395.88) at the tertiary hospital (coefficient 1.05): 1239
      // points; HC3402 (3333, average 35,000) above 2 ×: 3333 × (80000/35000 − 1) × 1.05 = 4499.55.
      for (const [id, amount, person, diagnosis, procedure] of [
        ['C-CLI-DIP-1', '11000.00', 'P-000801', 'K80.100', '51.2300'],
        ['C-CLI-DIP-2', '80000.00', 'P-000802', 'C34.1', '99.2501'],
      ] as const) {
        const wire = demoClaimWire({
          id,
          person: { id: person },
          diagnoses: [{ code: diagnosis, role: 'principal' }],
          procedures: [{ code: procedure, role: 'principal', date: '2025-06-10' }],
          lines: [
            {
              id: 'L1',
              kind: 'drug',
              code: 'XC04ABF039A001010100141',
              name: '酚妥拉明注射剂',
              quantity: '1',
              unitPrice: amount,
              amount,
              date: '2025-06-10',
            },
          ],
        });
        const settled = await settleClaim(services, {
          claim: claimSchema.parse(wire),
          principal: HOSPITAL,
          idempotencyKey: undefined,
          requestText: JSON.stringify(wire),
        });
        if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
      }
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(async () => {
    await rm(dipDir, { recursive: true, force: true });
  });
  const dip = (argv: string[]) =>
    runCli(dipDir, ['reconcile', '--db', dipDb, '--institution', HOSPITAL, ...argv], '');

  it('shares each fund’s budget over the region’s points and prints the point value', async () => {
    const first = await dip([
      '--period',
      '2025-Q2',
      '--method',
      'dip',
      '--budget',
      'employee=57386.53',
    ]);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    // 1239 + 4499.55 = 5738.55 points: 57,386.53 ÷ 5738.55 = 10.00017949 …
    expect(first.stdout).toContain(
      'employee point value 10.00017949 = budget 57386.53 ÷ 5738.55 points (2 cases of the region)',
    );
    expect(first.stdout).toMatch(
      /C-CLI-DIP-1\tHK80101\tnormal\tpayment 12390\.22\tcost 11000\.00/u,
    );
    expect(first.stdout).toMatch(/C-CLI-DIP-2\tHC3402\thigh\tpayment 44996\.31\tcost 80000\.00/u);
    const again = await dip([
      '--period',
      '2025-Q2',
      '--method',
      'dip',
      '--budget',
      'employee=1.00',
      '--json',
    ]);
    expect(again.code).toBe(EXIT.ok);
    const body = JSON.parse(again.stdout) as {
      method: string;
      reconciliation: { pointValues: { totalPoints: string }[]; totals: { payment: string } };
    };
    expect([body.method, body.reconciliation.pointValues[0]?.totalPoints]).toEqual([
      'dip',
      '5738.55',
    ]);
    expect(body.reconciliation.totals.payment).toBe('57386.53');
  }, 120_000);

  it('names a missing, misplaced or malformed --budget', async () => {
    for (const [argv, text] of [
      [['--method', 'dip'], '--budget'],
      [['--budget', 'employee=1.00'], '--method dip'],
      [['--method', 'dip', '--budget', 'employee=12'], 'amount'],
      [['--method', 'dip', '--budget', 'pension=1.00'], 'insuranceType'],
      [['--method', 'dip', '--budget', 'employee=1.00', '--budget', 'employee=2.00'], 'second'],
      [['--method', 'pay'], '--method'],
    ] as const) {
      const r = await dip(['--period', '2025-Q2', ...argv]);
      expect(r.code, r.stderr).toBe(EXIT.usage);
      expect(r.stderr).toContain(text);
    }
  }, 120_000);
});
