/** Seeded generators of hostile input for the fuzz test (test/integration/fuzz.test.ts) and `npm run soak`. */
import { seededRandom } from '../../filters/random.js';

export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'then'];
const STRINGS = ['', ' ', 'x', '\u202Eevil', '<img src=x onerror=alert(1)>', '运费多少', '💥'.repeat(50), '\u0000', 'a'.repeat(700), 'data:image/svg+xml,<svg onload=alert(1)>', 'javascript:alert(1)', 'https://cdn.example.com/a.png', '../../etc/passwd', '%00', '\uD800'];
const KINDS = [
  'countdown.start', 'countdown.pause', 'countdown.resume', 'countdown.extend', 'countdown.clear', 'banner.start', 'banner.stock', 'banner.end',
  'pin.set', 'pin.clear', 'feature.set', 'feature.clear', 'overlay.hide', 'overlay.lang', 'moderation.claim', 'moderation.release', 'moderation.decide',
  'moderation.undo', 'terms.set', 'faq.upsert', 'faq.delete', 'obs.setup', 'obs.refresh', 'obs.reconnect', 'obs.scene', 'rm -rf', '__proto__',
];

export class Fuzz {
  readonly rnd: () => number;
  constructor(seed: number) {
    this.rnd = seededRandom(seed);
  }
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  string(): string {
    return this.chance(0.5) ? this.pick(STRINGS) : `s${this.int(1e6).toString(36)}`;
  }
  key(): string {
    return this.chance(0.4) ? this.pick(HOSTILE_KEYS) : this.pick(['kind', 'type', 'id', 'command', 'text', 'user', 'value', 'path', 'op', 'messages']);
  }
  number(): number {
    return this.pick([0, -1, 1, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, Date.now() + 30 * 86_400_000, this.int(1e6)]);
  }
  /** A random JSON value; objects may carry hostile own keys. */
  value(depth = 0): unknown {
    const r = this.int(depth > 4 ? 4 : 7);
    switch (r) {
      case 0:
        return this.string();
      case 1:
        return this.number();
      case 2:
        return this.pick([true, false, null]);
      case 3:
        return this.string();
      case 4:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) Object.defineProperty(o, this.key(), { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
        return o;
      }
    }
  }
  /** Deeply nested JSON text (arrays or objects), `depth` levels. */
  deep(depth: number): string {
    return this.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  }
  /** A command object: a known kind with plausible or random fields. */
  command(): Record<string, unknown> {
    const kind = this.pick(KINDS);
    const c: Record<string, unknown> = { kind };
    // plausible fields, mixed with random values, so a good share of commands pass zod and run
    const plausible: Record<string, () => unknown> = {
      label: () => this.string(), durationMs: () => this.pick([1000, 60_000, -5, 0, 1e12]), byMs: () => this.pick([1000, -1000, 1e9]),
      preset: () => this.pick(['serum', 'nope', '__proto__']), product: () => this.string(), price: () => this.number(), stock: () => this.pick([1, 10, -1, 1e8]),
      imageUrl: () => this.string(), startAt: () => this.number(), stockLeft: () => this.int(100), delta: () => this.pick([-1, 1, 1e9]),
      question: () => this.string(), answer: () => this.string(), saveToFaq: () => this.chance(0.2), messageId: () => this.pick(HOSTILE_KEYS),
      hidden: () => this.chance(0.5), itemId: () => this.pick(HOSTILE_KEYS), itemIds: () => [this.pick(HOSTILE_KEYS)], decision: () => this.pick(['approve', 'reject', 'ban', 'x']),
      decisionId: () => this.pick(HOSTILE_KEYS), list: () => this.pick(['blocked', 'allowed', 'x']), term: () => this.string().slice(0, 100), present: () => this.chance(0.5),
      keywords: () => [this.string().slice(0, 100) || 'k'], id: () => this.pick(['faq-1', ...HOSTILE_KEYS]), scene: () => this.string(),
    };
    const names = Object.keys(plausible);
    for (let i = this.int(5); i > 0; i--) {
      const k = this.chance(0.8) ? this.pick(names) : this.key();
      Object.defineProperty(c, k, { value: this.chance(0.8) && Object.hasOwn(plausible, k) ? (plausible[k] as () => unknown)() : this.value(1), enumerable: true, writable: true, configurable: true });
    }
    return c;
  }
  /** A control frame as text (or a Buffer for a binary frame), under `maxBytes`. */
  controlFrame(maxBytes: number): string | Buffer {
    const r = this.rnd();
    let text: string;
    if (r < 0.05) return Buffer.from([this.int(256), this.int(256), 0x7b]);
    if (r < 0.15) text = this.pick(['{oops', '', 'null', '[]', '"x"', '1e999', '{"type":"command"', '\u0000', '{"__proto__":{"polluted":1}}']);
    else if (r < 0.2) text = this.deep(1 + this.int(Math.floor(maxBytes / 6)));
    else if (r < 0.25) text = JSON.stringify({ type: 'resync' });
    else if (r < 0.35) text = JSON.stringify(this.value());
    else text = JSON.stringify({ type: this.chance(0.9) ? 'command' : this.key(), id: this.chance(0.9) ? `f${this.int(1e9)}` : this.value(1), command: this.command() });
    return Buffer.byteLength(text) < maxBytes ? text : '{"type":"resync"}';
  }
  /** An ingest message, valid about half the time, from viewers with hostile ids and names. */
  message(): unknown {
    const uid = this.pick([...HOSTILE_KEYS, 'u1', 'u2']);
    const m: Record<string, unknown> = { platform: 'fuzz', channel: 'shop', user: { id: uid, name: uid, displayName: this.string() || uid }, text: this.pick(['hello', 'you stupid bitch', 'call 13812345678', 'how much is shipping?', this.string()]) };
    if (this.chance(0.5)) Object.defineProperty(m, this.key(), { value: this.value(1), enumerable: true, writable: true, configurable: true });
    return this.chance(0.5) ? m : this.value();
  }
  /** An ingest frame or body as text. */
  ingestText(maxBytes: number): string {
    const r = this.rnd();
    let text: string;
    if (r < 0.1) text = this.pick(['{oops', '', 'null', '[]', '{}', '{"messages":[]}', '{"__proto__":{"polluted":1}}']);
    else if (r < 0.15) text = this.deep(1 + this.int(3000));
    else if (r < 0.3) text = JSON.stringify(this.value());
    else if (r < 0.65) text = JSON.stringify(this.message());
    else text = JSON.stringify({ messages: Array.from({ length: 1 + this.int(3) }, () => this.message()) });
    return Buffer.byteLength(text) < maxBytes ? text : '[]';
  }
}
