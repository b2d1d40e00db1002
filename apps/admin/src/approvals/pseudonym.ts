/**
 * The patient as the approval screens show them: never the person id (参保人编号) or a name,
 * only a short, stable pseudonym — the same person gets the same tag on every screen, so a
 * reviewer can tell two requests for one patient apart from requests for two — derived by a
 * one-way hash (64-bit FNV-1a) of the id.
 */
export function pseudonym(personId: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of new TextEncoder().encode(personId)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  // 40 bits are plenty to keep a region's patients apart on screen.
  const tag = (hash >> 24n).toString(36).toUpperCase().padStart(8, '0');
  return `PT-${tag.slice(0, 4)}-${tag.slice(4, 8)}`;
}
