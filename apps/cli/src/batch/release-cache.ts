import { createHash } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { type CatalogReleaseWire, catalogReleaseSchema } from '@openpayer/catalog';
import { SHIPPED_NRDL_IMPORT_DATA, readShipped } from '@openpayer/catalog/node';
import type { CatalogText } from '../sources.ts';
import { RUNNING_BUNDLE, cachedFile } from './cache.ts';

/**
 * NRDL CSV imports, kept for the batch workers that run from a bundle (worker-script.ts). Each
 * worker of `settle`, `supervise` and `simulate` loads the catalog itself; importing the national
 * list's CSV (parsing every restriction) costs some 0.5 s of CPU a worker, decoding the release
 * it gives about 0.1 s. So the first worker to import a CSV writes the release to the cache
 * (cache.ts, area openpayer-catalogs), named by the digest of the bundle (the importer's code),
 * and of the CSV and the shipped data the import reads (settings, condition dictionary, rule
 * base) — a changed importer or dictionary never reads an older import — and the workers after
 * it decode that. Workers run from source (no bundle to name the code by) import.
 */

const AREA = 'openpayer-catalogs';

/**
 * `importCsv()`'s release for `csv`: decoded from the cache when `bundle` (this code's bundle;
 * none when it runs from source) imported the same CSV with the same `data` (the shipped files
 * the import reads) before, else imported (and written to the cache). The cache is an
 * optimisation: failing to read or write it falls back to importing.
 */
export function cachedImport(
  csv: string,
  importCsv: () => CatalogText,
  bundle: string | undefined = RUNNING_BUNDLE,
  data: () => readonly string[] = () => SHIPPED_NRDL_IMPORT_DATA.map((file) => readShipped(file)),
): CatalogText {
  if (bundle === undefined) return importCsv();
  const hash = createHash('sha256').update(csv);
  for (const text of data()) hash.update('\0').update(text);
  const digest = hash.digest('hex').slice(0, 16);
  let imported: CatalogText | undefined;
  let file: string | undefined;
  try {
    file = cachedFile(AREA, `${bundle}-${digest}.json`, () => {
      imported = importCsv();
      if (!imported.ok) throw new Error('not imported: nothing to keep');
      return JSON.stringify(catalogReleaseSchema.encode(imported.release));
    });
    if (imported !== undefined) return imported;
    const decoded = catalogReleaseSchema.safeDecode(
      JSON.parse(readFileSync(file, 'utf8')) as CatalogReleaseWire,
    );
    if (decoded.success) return { ok: true, release: decoded.data };
  } catch {
    // A read-only install, or an import that failed (its issues are what the caller reports).
  }
  if (imported === undefined && file !== undefined) {
    // A file that does not decode (damaged): dropped, so that the next worker writes it afresh.
    try {
      unlinkSync(file);
    } catch {
      // Dropped by another worker meanwhile.
    }
  }
  return imported ?? importCsv();
}
