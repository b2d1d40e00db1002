import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { type Policy, parsePolicyText } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';

/** What the ledger's tests and bench settle against: the demo region's policy and the 2024 list. */
export function demoPolicyAndCatalog(): {
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
} {
  const parsed = parsePolicyText(readDemoPolicyText(), 'yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const imported = importShippedNrdl2024();
  if (!imported.ok) throw new Error('catalog');
  return { policy: parsed.value, catalog: new CatalogIndex(imported.value.release) };
}
