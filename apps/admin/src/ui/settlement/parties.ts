/**
 * How the payers a settlement splits a claim between (PRODUCT.md §4.1) read on screen. Which
 * payers exist, and their order, come from the API's data (the engine's `payers` map, the totals'
 * `parties`); a payer without a label here shows its key.
 */
const LABELS: Readonly<Record<string, string>> = {
  basic_fund: 'Basic fund 统筹基金',
  critical_illness: 'Critical illness 大病保险',
  medical_assistance: 'Medical assistance 医疗救助',
  commercial: 'Commercial 商业补充',
  hospital: 'Hospital 医院',
  manufacturer: 'Manufacturer 企业',
  civil_assistance: 'Civil assistance 民政',
  charity: 'Charity 慈善',
  provincial_fund: 'Provincial fund 省级基金',
  local_fund: 'Local fund 市级基金',
  patient: 'Patient 个人',
};

const SHORT: Readonly<Record<string, string>> = {
  basic_fund: 'Fund',
  critical_illness: 'Critical illness',
  medical_assistance: 'Assistance',
  commercial: 'Commercial',
  hospital: 'Hospital',
  manufacturer: 'Manufacturer',
  civil_assistance: 'Civil',
  charity: 'Charity',
  provincial_fund: 'Provincial',
  local_fund: 'Local',
  patient: 'Patient',
};

export const partyLabel = (party: string): string => LABELS[party] ?? party;
export const partyShort = (party: string): string => SHORT[party] ?? party;

/** A payer's part in a payers map ("0.00" when the map has none). */
export const partOf = (payers: Readonly<Partial<Record<string, string>>>, party: string): string =>
  payers[party] ?? '0.00';

const isZero = (amount: string) => /^-?0+(\.0+)?$/u.test(amount);

/**
 * The payers that carry a non-zero amount in any of the maps (a table shows those; the others
 * are all zero), in the order the layers apply — the stored JSON does not keep the engine's key
 * order — then any payer this screen has no label for.
 */
export function partiesUsed(maps: readonly Readonly<Partial<Record<string, string>>>[]): string[] {
  return inLayerOrder(maps.flatMap((payers) => Object.keys(payers))).filter((party) =>
    maps.some((payers) => !isZero(payers[party] ?? '0')),
  );
}

/** Payer names, each once, in the order the layers apply. */
export function inLayerOrder(parties: readonly string[]): string[] {
  const known = Object.keys(LABELS);
  const unique = [...new Set(parties)];
  const rank = (party: string) => (known.includes(party) ? known.indexOf(party) : known.length);
  return unique.sort((a, b) => rank(a) - rank(b));
}
