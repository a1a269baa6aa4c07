/**
 * How draws are kept in the store. The entrant list is written while entries come in, in chunks of
 * adds and removes (`engage.entrants:<draw>:<n>`, inside the ingest's own transactions), so closing
 * a draw of 50,000 entrants writes only the last chunk and a small header (`engage.draw:<draw>`:
 * seed, commitment, picks, the entrant count and sha256 of the sorted entrant list), never a
 * megabyte at the moment of the reveal. `loadRecord` replays the chunks into the full record that
 * `npm run verify-draw` re-runs and `draw.export` hands out.
 */
import { createHash } from 'node:crypto';
import { canonicalOrder, type DrawRecord } from './fair.js';

export const DRAW_KEY = 'engage.draw:';
export const ENTRANTS_KEY = 'engage.entrants:';
/** Entrant changes buffered before a chunk is written. */
export const CHUNK = 500;

export interface DrawStoreLike {
  getJson<T>(key: string): T | undefined;
  setJson(key: string, value: unknown, now?: number): void;
  deleteJson(key: string): void;
  jsonKeys(prefix: string): string[];
  jsonEntries(prefix: string): { key: string; value: unknown }[];
}

export type DrawHeader = Omit<DrawRecord, 'entrants' | 'names'> & { readonly count: number; readonly digest: string };

export interface Chunk {
  readonly add: readonly (readonly [key: string, name: string])[];
  readonly remove: readonly string[];
}

export function entrantsDigest(sortedKeys: readonly string[]): string {
  // each key followed by a newline, hashed in one call
  return createHash('sha256').update(sortedKeys.length ? `${sortedKeys.join('\n')}\n` : '').digest('hex');
}

export function chunkKey(drawId: string, n: number): string {
  return `${ENTRANTS_KEY}${drawId}:${String(n).padStart(6, '0')}`;
}

export function saveHeader(store: DrawStoreLike, header: DrawHeader, now: number): void {
  store.setJson(`${DRAW_KEY}${header.id}`, header, now);
}

/** The full record of a stored draw (entrants replayed from the chunks), and what does not add up. */
export function loadRecord(store: DrawStoreLike, id: string): { record: DrawRecord; problems: string[] } | undefined {
  const header = store.getJson<DrawHeader>(`${DRAW_KEY}${id}`);
  if (!header) return undefined;
  const names = new Map<string, string>();
  for (const { value } of store.jsonEntries(`${ENTRANTS_KEY}${id}:`)) {
    const c = value as Chunk;
    for (const [k, n] of c.add) names.set(k, n);
    for (const k of c.remove) names.delete(k);
  }
  const entrants = canonicalOrder([...names.keys()]);
  const problems: string[] = [];
  if (entrants.length !== header.count) problems.push(`the stored entrant list has ${entrants.length} entrants, the draw had ${header.count}`);
  else if (entrantsDigest(entrants) !== header.digest) problems.push('the stored entrant list is not the one the draw ran on (sha256 differs)');
  const { count: _c, digest: _d, ...rest } = header;
  return { record: { ...rest, entrants, names: entrants.map((k) => names.get(k) ?? k) }, problems };
}

/** Ids of the stored draws. */
export function storedDraws(store: DrawStoreLike): string[] {
  return store.jsonKeys(DRAW_KEY).map((k) => k.slice(DRAW_KEY.length));
}

export function deleteDraw(store: DrawStoreLike, id: string): void {
  store.deleteJson(`${DRAW_KEY}${id}`);
  store.deleteJson(`engage.commit:${id}`);
  for (const k of store.jsonKeys(`${ENTRANTS_KEY}${id}:`)) store.deleteJson(k);
}
