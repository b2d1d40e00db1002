import { readFileSync } from 'node:fs';
import {
  DRG_TABLE_FILES,
  type DrgTableFile,
  type GrouperTables,
  loadGrouperTables,
} from '../tables.ts';

export function readNationalTableFiles(): Record<DrgTableFile, string> {
  return Object.fromEntries(
    DRG_TABLE_FILES.map((f) => [
      f,
      readFileSync(new URL(`../../../data/chs-drg-1.0/${f}`, import.meta.url), 'utf8'),
    ]),
  ) as Record<DrgTableFile, string>;
}

let cached: GrouperTables | undefined;
export function nationalTables(): GrouperTables {
  if (cached === undefined) {
    const loaded = loadGrouperTables('CHS-DRG 1.0', readNationalTableFiles());
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 5)));
    cached = loaded.value;
  }
  return cached;
}
