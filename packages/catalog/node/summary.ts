/**
 * Prints the import summary of the shipped 2024 national drug list (with the rule base):
 *   pnpm --filter @openpayer/catalog summary
 */
import { importShippedNrdl2024 } from './load.ts';

const result = importShippedNrdl2024();
if (!result.ok) {
  for (const i of result.issues) console.error(`${i.code}: ${i.message}`);
  process.exitCode = 1;
} else {
  console.log(JSON.stringify(result.value.summary, null, 2));
}
