/**
 * JSON text written straight into a reused byte buffer (the running minute's checkpoint,
 * server/shows/recorder.ts): keys copied from pre-encoded bytes, integers as digits, no string
 * built and no call into C++ per part. A checkpoint every few seconds then costs a few hundred
 * byte stores and one write().
 */
const NULL = key('null');

/** `text` as bytes, to be copied by `AsciiOut.bytes` (ASCII keys and punctuation). */
export function key(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'utf8'));
}

export class AsciiOut {
  buf: Buffer;
  pos = 0;

  constructor(size = 16_384) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for `n` more bytes (what is written so far is kept). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + 1024));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i] as number;
    this.pos = p;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** An integer (|n| < 2^53) as decimal digits. */
  int(n: number): void {
    this.ensure(22);
    const buf = this.buf;
    let p = this.pos;
    if (n < 0) {
      buf[p++] = 45;
      n = -n;
    }
    if (n < 10) {
      buf[p++] = 48 + n;
      this.pos = p;
      return;
    }
    const start = p;
    while (n > 0) {
      const q = Math.floor(n / 10);
      buf[p++] = 48 + (n - q * 10);
      n = q;
    }
    for (let i = start, j = p - 1; i < j; i++, j--) {
      const t = buf[i] as number;
      buf[i] = buf[j] as number;
      buf[j] = t;
    }
    this.pos = p;
  }

  /** A number (integers as digits, others as JavaScript prints them), or null. */
  num(x: number | null): void {
    if (x === null || !Number.isFinite(x)) this.bytes(NULL);
    else if (Number.isInteger(x) && Math.abs(x) < 2 ** 53) this.int(x);
    else this.text(String(x));
  }

  /** Text as it is (already JSON: a number, a literal, a stringified value), UTF-8. */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
}
