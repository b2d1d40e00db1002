import { validateClaim } from '@openpayer/domain';
import { dischargeRecordOfClaim, groupRecord } from '@openpayer/pricing';
import { grouperVersions, loadGrouperVersion } from '@openpayer/pricing/node';
import { describe, expect, it } from 'vitest';
import { generateClaims, loadDemoTables } from './generate.ts';

/**
 * The demo's inpatient stays carry the diagnosis codes the grouping tables list (医保版 codes with
 * their extensions, e.g. C34.900x001 肺恶性肿瘤, not the bare C34.900), so every shipped grouper
 * version — and so `serve`'s DRG reconciliation — finds each principal diagnosis in an MDC.
 */
describe('demo inpatient stays under every shipped grouper version', () => {
  const tables = loadDemoTables();
  const stays = [...generateClaims({ claims: 3000, seed: 11, tables })]
    .map((wire) => {
      const result = validateClaim(wire);
      if (!result.ok) throw new Error(`${wire.id}: ${JSON.stringify(result.issues.slice(0, 2))}`);
      return result.value;
    })
    .filter((claim) => claim.dischargeDate !== undefined);

  it.each(grouperVersions().map((v) => v.id))(
    '%s: every principal diagnosis is in an MDC',
    (id) => {
      const loaded = loadGrouperVersion(id);
      if (loaded === undefined || !loaded.ok) throw new Error(`grouper ${id} does not load`);
      expect(stays.length).toBeGreaterThan(100);
      const unknown = new Map<string, number>();
      let grouped = 0;
      for (const claim of stays) {
        const read = dischargeRecordOfClaim(claim);
        if (!read.ok) throw new Error(`${claim.id}: ${read.field}`);
        const result = groupRecord(loaded.value, read.record);
        if (result.reason === 'principal_diagnosis_unknown') {
          const code = read.record.principalDiagnosis;
          unknown.set(code, (unknown.get(code) ?? 0) + 1);
        }
        if (result.status === 'grouped') grouped++;
      }
      expect(Object.fromEntries(unknown)).toEqual({});
      // Most stays reach a DRG row (the rest: a severity split the version lacks, or an MDC's ADRG
      // that does not list the diagnosis, each named in the result's reason).
      expect(grouped / stays.length).toBeGreaterThan(0.9);
    },
  );
});
