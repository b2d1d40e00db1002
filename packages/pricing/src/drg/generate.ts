import type { DischargeRecord } from './group.ts';
import type { GrouperTables } from './tables.ts';

/**
 * Synthetic discharge records drawn from the grouper's own tables (principal and secondary
 * diagnoses, procedures, both sexes, newborns to the elderly), deterministic per seed: for
 * robustness tests and benchmarks, not for statistics.
 */
export function* generateRecords(
  tables: GrouperTables,
  count: number,
  seed: number,
): Generator<DischargeRecord> {
  let state = seed | 0;
  const rand = (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
  const diagnoses = [...tables.mdcByDiagnosis.keys()];
  const severity = [...tables.mcc.keys(), ...tables.cc.keys()];
  const procedures = [...tables.listsByProcedure.keys()];
  const pick = <T>(list: readonly T[]): T => list[rand(list.length)] as T;
  for (let i = 0; i < count; i++) {
    const newborn = rand(20) === 0;
    const secondary = Array.from({ length: rand(5) }, () =>
      rand(2) === 0 ? pick(severity) : pick(diagnoses),
    );
    const withProcedure = rand(2) === 0;
    yield {
      sex: rand(2) === 0 ? 'male' : 'female',
      ageYears: newborn ? 0 : rand(95),
      ...(newborn ? { ageDays: rand(365), birthWeightGrams: 600 + rand(4000) } : {}),
      lengthOfStay: 1 + rand(30),
      dischargeDisposition: 1 + rand(5),
      principalDiagnosis: pick(diagnoses),
      secondaryDiagnoses: secondary,
      ...(withProcedure ? { principalProcedure: pick(procedures) } : {}),
      otherProcedures: rand(4) === 0 ? [pick(procedures)] : [],
    };
  }
}
