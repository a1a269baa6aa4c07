/**
 * The benchmark corpus: the bundled demo transcript scaled to N lines (200,000 by default). The
 * demo is copied with distinct viewers per copy, each copy offset in time by an equal share of
 * the demo's length and interleaved by time: a bigger audience chatting like the demo's, not one
 * audience repeating itself every second (which would make every line a copy-paste raid).
 */
import { existsSync, readFileSync } from 'node:fs';
import { ChatMessageSchema, type ChatMessage } from '../config/chat.js';

export const DEMO_PATH = 'demo/demo-chat.jsonl';

export function loadDemo(path = DEMO_PATH): ChatMessage[] {
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run demo:generate`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ChatMessageSchema.parse(JSON.parse(l)));
}

/** Scales the demo to `n` messages: ceil(n / demo) copies, each with its own viewers, interleaved in time. */
export function buildCorpus(n = 200_000, path = DEMO_PATH): ChatMessage[] {
  const demo = loadDemo(path);
  const copies = Math.ceil(n / demo.length);
  const t0 = demo[0]?.receivedAt ?? 0;
  const span = (demo[demo.length - 1]?.receivedAt ?? t0) - t0 + 1000;
  const shift = span / copies;
  const start = 1_700_000_000_000;
  const all: ChatMessage[] = [];
  for (let c = 0; c < copies; c++) {
    for (const m of demo) {
      const at = start + ((m.receivedAt - t0 + c * shift) % span);
      const suffix = c === 0 ? '' : `-c${c}`;
      all.push({ ...m, id: `bench-${c}-${m.id}`, user: { ...m.user, id: `${m.user.id}${suffix}`, name: `${m.user.name}${suffix}` }, receivedAt: Math.floor(at) });
    }
  }
  all.sort((a, b) => a.receivedAt - b.receivedAt);
  // Real messages reach the app parsed from JSON (ingest, replay, YouTube) or from IRC lines: flat
  // strings. The ids joined above are V8 cons strings, about 10x slower to read character by
  // character (hashing a viewer id), which would charge every per-viewer stage for the bench's own
  // string building. One JSON round trip gives the app's kind of strings.
  return JSON.parse(JSON.stringify(all.slice(0, n))) as ChatMessage[];
}
