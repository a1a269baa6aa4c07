/**
 * FNV-1a, the one string hash of the detectors and insights: 32 bits over UTF-16 units, no
 * allocation. Hot loops inline the step (`h = Math.imul(h ^ c, FNV_PRIME)`) from FNV_OFFSET; the
 * helpers below are for everything else. Not for security (collisions are easy to make on purpose).
 *
 * Example (test/unit/filters/hash.test.ts): fnv1a('') === 0x811c9dc5.
 */

/** FNV-1a's 32-bit offset basis, as a signed int (what Math.imul returns). */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of a string's UTF-16 units, unsigned 32 bits. */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** fnv1a as 8 hex digits (ids of training rows in the models' headers). */
export function fnv1aHex(s: string): string {
  return fnv1a(s).toString(16).padStart(8, '0');
}

/**
 * A key filter: 65,536 bits (8 KB) with the bit of each key's low 16 bits set. A clear bit means
 * the key is surely absent, so most lookups of ordinary words skip the hash table behind it (no
 * false negatives: same results). A bit a key, not a byte: the filters a line reads at random stay
 * in the fastest cache together (a byte a key is 64 KB a filter).
 */
export function keyBits(keys: Iterable<number>): Uint32Array {
  const bits = new Uint32Array(2048);
  for (const h of keys) bits[(h >>> 5) & 2047]! |= 1 << (h & 31);
  return bits;
}

/** A key of three character codes for a key filter (the phrase and lexeme prefilters' starts). */
export function tripleKey(a: number, b: number, c: number): number {
  return Math.imul(Math.imul(a, 0x85ebca6b) ^ b, 0x9e3779b1) ^ c;
}

/** Whether `h`'s bit is set in a filter built by keyBits (false: `h` is surely not a key). */
export function mayHave(bits: Uint32Array, h: number): boolean {
  return ((bits[(h >>> 5) & 2047]! >>> (h & 31)) & 1) === 1;
}
