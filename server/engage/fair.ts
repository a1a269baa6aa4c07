/**
 * The provably fair draw. Before entries open the server picks a random 32-byte seed and publishes
 * `commit = sha256(seed)`; after the window it reveals the seed. The winners are a deterministic
 * function of (seed, sorted entrant keys): a Fisher–Yates shuffle whose j-th swap index comes from
 * HMAC-SHA256(seed, "showrunner-draw-v1:<i>:<attempt>") by rejection sampling (no modulo bias).
 * Only as many positions as needed are shuffled (a sparse swap map), so 50,000 entrants cost a
 * sort and a handful of HMACs. A redraw for a no-show takes the next position of the same shuffle,
 * so every redraw is verifiable too. Anyone can re-run it: `npm run verify-draw`.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const DRAW_ALGORITHM = 'showrunner-draw-v1: sha256 commit; HMAC-SHA256 Fisher-Yates over entrant keys sorted by UTF-16 code units';

export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

export function commitOf(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}

/** Entrant keys in the canonical order (UTF-16 code units, no locale): the same on every machine. */
export function canonicalOrder(keys: readonly string[]): string[] {
  // the default sort of strings compares UTF-16 code units (and is V8's fast path)
  return [...keys].sort();
}

const TWO_48 = 2 ** 48;

/** A uniform integer in [0, m) for shuffle position i, from HMAC-SHA256(seed, label). */
function uniform(key: Buffer, i: number, m: number): number {
  const limit = Math.floor(TWO_48 / m) * m;
  for (let attempt = 0; ; attempt++) {
    const h = createHmac('sha256', key).update(`showrunner-draw-v1:${i}:${attempt}`).digest();
    const x = h.readUIntBE(0, 6);
    if (x < limit) return x % m;
  }
}

/**
 * The first `count` positions of the committed shuffle of `sorted` (already in canonical order):
 * indices into `sorted`. Positions 0..winners-1 are the winners; later positions are redraws.
 */
export function shufflePrefix(seedHex: string, sorted: readonly string[], count: number): number[] {
  const n = sorted.length;
  const key = Buffer.from(seedHex, 'hex');
  const swapped = new Map<number, number>();
  const at = (i: number): number => swapped.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < Math.min(count, n); i++) {
    const j = i + uniform(key, i, n - i);
    const vi = at(i);
    const vj = at(j);
    swapped.set(i, vj);
    swapped.set(j, vi);
    out.push(vj);
  }
  return out;
}

/** The draw from its published inputs: the keys picked at positions 0..count-1. */
export function drawWinners(seedHex: string, entrantKeys: readonly string[], count: number): string[] {
  const sorted = canonicalOrder(entrantKeys);
  return shufflePrefix(seedHex, sorted, count).map((i) => sorted[i] as string);
}

/** What a stored or exported draw must contain to be re-run. */
export interface DrawRecord {
  readonly id: string;
  readonly algorithm: string;
  readonly commit: string;
  readonly seed: string;
  readonly keyword: string;
  readonly prize: string;
  readonly openedAt: number;
  readonly closedAt: number;
  readonly winnersWanted: number;
  /** Eligible entrants' keys, canonical order (what the draw runs on). */
  readonly entrants: readonly string[];
  /** Their display names, same order (for people; not part of the draw). */
  readonly names: readonly string[];
  /** Every position taken so far: the winners first, then one per redraw. */
  readonly picks: readonly string[];
  /** Keys replaced after a no-show (in order). */
  readonly replaced: readonly string[];
  readonly excluded: Readonly<Record<string, number>>;
}

export interface Verification {
  readonly ok: boolean;
  readonly problems: string[];
}

/** Re-runs a draw from its record: the commitment, the order of the entrants and every pick, bit for bit. */
export function verifyDraw(r: DrawRecord): Verification {
  const problems: string[] = [];
  if (commitOf(r.seed) !== r.commit) problems.push(`sha256(seed) is ${commitOf(r.seed)}, the commitment published before entries opened was ${r.commit}`);
  const keys = r.entrants;
  const sorted = canonicalOrder(keys);
  if (sorted.some((k, i) => k !== keys[i])) problems.push('the entrant list is not in canonical order');
  if (new Set(keys).size !== keys.length) problems.push('an entrant appears twice');
  const again = shufflePrefix(r.seed, sorted, r.picks.length).map((i) => sorted[i] as string);
  for (let i = 0; i < r.picks.length; i++) {
    if (again[i] !== r.picks[i]) problems.push(`pick ${i + 1}: the record says ${r.picks[i]}, the re-run gives ${again[i] ?? 'nobody'}`);
  }
  return { ok: problems.length === 0, problems };
}
