/**
 * Reads labeled sets for the eval and training scripts: a folder of set folders, or one set folder.
 * Each set is known by its folder name; every *.jsonl in it is read, each line zod-checked.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Row } from './types.js';

const RowSchema = z.looseObject({ text: z.string(), label: z.string(), id: z.union([z.string(), z.number()]).optional() });

function isSetFolder(dir: string): boolean {
  return readdirSync(dir).some((f) => f.endsWith('.jsonl'));
}

/** Rows of every *.jsonl in one set folder (file order, then line order). */
export function readSet(dir: string): Row[] {
  const rows: Row[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  for (const f of files) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (err) {
        throw new Error(`${join(dir, f)}:${i + 1}: not JSON (${(err as Error).message})`, { cause: err });
      }
      const parsed = RowSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${join(dir, f)}:${i + 1}: expected {text, label, id} (${z.prettifyError(parsed.error)})`);
      const r = parsed.data;
      rows.push({ ...r, id: String(r.id ?? `${f}:${i + 1}`), text: r.text, label: r.label });
    });
  }
  return rows;
}

/** Sets under `path`: a folder of set folders, or a single set folder. Map keyed by folder name. */
export function readSets(path: string): Map<string, Row[]> {
  const st = statSync(path);
  if (!st.isDirectory()) throw new Error(`--data ${path}: not a folder`);
  const out = new Map<string, Row[]>();
  if (isSetFolder(path)) {
    out.set(basename(path), readSet(path));
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    const dir = join(path, name);
    if (statSync(dir).isDirectory() && isSetFolder(dir)) out.set(name, readSet(dir));
  }
  return out;
}
