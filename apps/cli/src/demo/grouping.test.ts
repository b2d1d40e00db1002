import { validateClaim } from '@openpayer/domain';
import { dischargeRecordOfClaim, groupRecord } from '@openpayer/pricing';
import { grouperVersions, loadGrouperVersion } from '@openpayer/pricing/node';
import { describe, expect, it } from 'vitest';
import { generateClaims, loadDemoTables } from './generate.ts';

/**
 * The demo's inpatient stays carry the codes the grouping tables list (医保版 codes with their
 * extensions: C34.900x001 肺恶性肿瘤, not the bare C34.900; 73.5900x002 头位阴道助产, not 73.5900),
 * so every shipped grouper version — and so `serve`'s DRG reconciliation — groups each stay.
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
    '%s: every stay is in an MDC and gets a group',
    (id) => {
      const loaded = loadGrouperVersion(id);
      if (loaded === undefined || !loaded.ok) throw new Error(`grouper ${id} does not load`);
      expect(stays.length).toBeGreaterThan(100);
      const unknown = new Map<string, number>();
      const notGrouped = new Map<string, number>();
      for (const claim of stays) {
        const read = dischargeRecordOfClaim(claim);
        if (!read.ok) throw new Error(`${claim.id}: ${read.field}`);
        const { record } = read;
        const result = groupRecord(loaded.value, record);
        if (result.reason === 'principal_diagnosis_unknown') {
          unknown.set(record.principalDiagnosis, (unknown.get(record.principalDiagnosis) ?? 0) + 1);
        }
        // Grouped, or (CHS-DRG 1.0 reads chemotherapy as an operation) an ambiguity group xQY.
        if (result.status === 'ungroupable' || result.status === 'invalid') {
          const key = `${record.principalDiagnosis} ${record.principalProcedure ?? '-'}: ${result.reason ?? result.field ?? ''}`;
          notGrouped.set(key, (notGrouped.get(key) ?? 0) + 1);
        }
      }
      expect(Object.fromEntries(unknown)).toEqual({});
      expect(Object.fromEntries(notGrouped)).toEqual({});
    },
  );
});
