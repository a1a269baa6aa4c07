/**
 * The benchmark corpus: the bundled demo transcript scaled to N lines (200,000 by default), with
 * fresh ids, rotated users and advancing timestamps, so windowed detectors see a realistic stream.
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

/** Scales the demo to `n` messages at `rate` messages per second. */
export function buildCorpus(n = 200_000, rate = 2000, path = DEMO_PATH): ChatMessage[] {
  const demo = loadDemo(path);
  const out: ChatMessage[] = new Array(n);
  const start = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    const m = demo[i % demo.length] as ChatMessage;
    const round = Math.floor(i / demo.length);
    const uid = round === 0 ? m.user.id : `${m.user.id}-r${round % 50}`;
    out[i] = { ...m, id: `bench-${i}`, user: { ...m.user, id: uid, name: round === 0 ? m.user.name : `${m.user.name}_${round % 50}` }, receivedAt: start + Math.floor((i * 1000) / rate) };
  }
  return out;
}
