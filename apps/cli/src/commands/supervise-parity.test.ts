import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  importShippedNationalRuleSet,
  openServices,
  seedDemoReview,
} from '@openpayer/api/bootstrap';
import { listFindings } from '@openpayer/persistence';
import { demoRuleSetWire, ruleSetWireOf } from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClaims } from '../demo/generate.ts';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';
import { settleDemoClaims, startDemoSeeding } from './serve.ts';

/**
 * One review, two surfaces: the API's post-payment review run over the demo claims settled in
 * the ledger, and `openpayer supervise` over the same claims as NDJSON with the same rule sets,
 * find the same things (claim, rule, lines).
 */

const CLAIMS = 400;
let dir: string;
let apiFindings: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-parity-'));
  const { services, store } = await openServices({ dataDir: path.join(dir, 'db') });
  try {
    await startDemoSeeding(store, { claims: CLAIMS, seed: 1 });
    const settled = await settleDemoClaims(services, generateClaims({ claims: CLAIMS, seed: 1 }));
    expect(settled.refused).toBe(0);
    const { run } = await seedDemoReview(services, 'demo-seed');
    if (run === null || !run.ok) throw new Error(JSON.stringify(run));
    let after: number | undefined;
    for (;;) {
      const page = await listFindings(store, { runId: run.value.id }, { limit: 200, after });
      apiFindings.push(
        ...page.items.map(
          (f) => `${f.claimId} ${f.finding.rule.code} ${[...f.finding.lineIds].join(',')}`,
        ),
      );
      if (page.next === null) break;
      after = page.next;
    }
  } finally {
    await store.close();
  }
  apiFindings = apiFindings.sort();
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openpayer supervise and the API review run', () => {
  it('find the same on the demo claims', async () => {
    const claims = path.join(dir, 'claims.ndjson');
    await writeFile(
      claims,
      [...generateClaims({ claims: CLAIMS, seed: 1 })].map((c) => JSON.stringify(c)).join('\n') +
        '\n',
    );
    const national = importShippedNationalRuleSet();
    if (!national.ok) throw new Error('national rule base');
    await writeFile(
      path.join(dir, 'national.json'),
      JSON.stringify(ruleSetWireOf(national.value.ruleSet)),
    );
    await writeFile(path.join(dir, 'demo.json'), JSON.stringify(demoRuleSetWire()));
    const out = path.join(dir, 'findings.ndjson');
    const r = await runCli(
      dir,
      [
        'supervise',
        claims,
        '--rules',
        'national.json',
        '--rules',
        'demo.json',
        '-o',
        out,
        '--workers',
        '1',
        '--quiet',
      ],
      '',
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const cli = (await readFile(out, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map(
        (l) =>
          JSON.parse(l) as {
            claimId: string;
            lineIds: string[];
            finding: { rule: { code: string } };
          },
      )
      .map((f) => `${f.claimId} ${f.finding.rule.code} ${f.lineIds.join(',')}`)
      .sort();
    // 400 demo claims: 158 findings of 47 rules (2026-12-04).
    expect(apiFindings.length).toBeGreaterThan(50);
    expect(cli).toEqual(apiFindings);
  }, 300_000);
});
