// Test-only access to the real code lists shipped in packages/domain/data/codes (see SOURCE.md
// there for where each comes from).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/codes');

/** The lines of one list, without the trailing empty line. */
export function readCodeList(name: string): string[] {
  return readFileSync(join(dataDir, name), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}
