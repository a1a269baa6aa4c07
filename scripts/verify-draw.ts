/**
 * Re-runs lucky draws bit for bit (issue 17):
 *   npm run verify-draw                       every draw stored in the configured SQLite store
 *   npm run verify-draw -- --db data/showrunner.db
 *   npm run verify-draw -- draw.json [more.json]   exported draws (draw.export, format json)
 * For each draw: sha256(seed) must equal the commitment published before entries opened, the
 * entrants must be in canonical order, and the HMAC-SHA256 Fisher–Yates over (seed, entrants) must
 * give exactly the stored picks (winners, then redraws). Exit code 1 if any draw fails; --json
 * prints one JSON object on stdout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DrawRecordSchema } from '../config/engage.js';
import { loadConfig } from '../server/config-load.js';
import { loadRecord, storedDraws } from '../server/engage/draw-store.js';
import { verifyDraw, type DrawRecord } from '../server/engage/fair.js';
import { Store } from '../server/store/store.js';

interface Outcome {
  source: string;
  id: string | null;
  entrants: number;
  picks: string[];
  ok: boolean;
  problems: string[];
}

/** A record from an export (the bare record, the command result, or the HTTP answer around it). */
function unwrap(value: unknown): unknown {
  const v = value as { body?: unknown; result?: { body?: unknown } } | null;
  return v?.result?.body ?? v?.body ?? value;
}

export function check(source: string, value: unknown): Outcome {
  const parsed = DrawRecordSchema.safeParse(unwrap(value));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { source, id: null, entrants: 0, picks: [], ok: false, problems: [`not a draw record: ${issue?.message ?? 'invalid'} at ${issue?.path.join('.') ?? ''}`] };
  }
  const rec: DrawRecord = parsed.data;
  const v = verifyDraw(rec);
  return { source, id: rec.id, entrants: rec.entrants.length, picks: [...rec.picks], ok: v.ok, problems: v.problems };
}

/** Checks exported draws (JSON files). */
export function verifyFiles(files: readonly string[]): Outcome[] {
  return files.map((file) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      return { source: file, id: null, entrants: 0, picks: [], ok: false, problems: [`cannot read: ${(err as Error).message}`] };
    }
    return check(file, value);
  });
}

/** Checks every draw stored in a Showrunner SQLite store. */
export function verifyStore(db: string): Outcome[] {
  const store = new Store(db);
  try {
    return storedDraws(store).map((id) => {
      const loaded = loadRecord(store, id);
      if (!loaded) return { source: `${db}#${id}`, id, entrants: 0, picks: [], ok: false, problems: ['the draw vanished while reading'] };
      const o = check(`${db}#${id}`, loaded.record);
      return { ...o, ok: o.ok && loaded.problems.length === 0, problems: [...loaded.problems, ...o.problems] };
    });
  } finally {
    store.close();
  }
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } } });
  let outcomes: Outcome[];
  if (positionals.length > 0) outcomes = verifyFiles(positionals);
  else {
    const db = values.db ?? loadConfig(values.config).config.store.path;
    if (!existsSync(db)) {
      process.stderr.write(`verify-draw: no store at ${db} (give --db <file> or exported JSON files)\n`);
      process.exit(2);
    }
    outcomes = verifyStore(db);
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  if (values.json) process.stdout.write(`${JSON.stringify({ draws: outcomes.length, failed, outcomes })}\n`);
  else {
    if (outcomes.length === 0) process.stdout.write('verify-draw: no draws found\n');
    for (const o of outcomes) {
      process.stdout.write(`${o.ok ? 'OK    ' : 'FAILED'} ${o.id ?? '?'}  ${o.entrants} entrants, picks: ${o.picks.join(', ') || 'none'}  (${o.source})\n`);
      for (const p of o.problems) process.stdout.write(`         ${p}\n`);
    }
    process.stdout.write(`${outcomes.length - failed}/${outcomes.length} draws reproduce bit for bit\n`);
  }
  process.exit(failed > 0 ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
