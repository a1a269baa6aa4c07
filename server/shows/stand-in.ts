/**
 * Personal data in a rehearsal transcript: each phone number, e-mail, ID or order number is
 * replaced by a fictional one of the same shape, so the transcript keeps nobody's data and the
 * privacy detector still fires on replay (a plain mask "•••" would make those holds vanish).
 */
import { findPii, type CompiledPii } from '../../filters/pii.js';

/** A public sample ID number with a valid check digit (GB 11643's worked example). */
const SAMPLE_ID = '11010519491231002X';

function standIn(kind: 'phone' | 'email' | 'id' | 'order', value: string): string {
  switch (kind) {
    case 'phone': {
      let digits = 0;
      return value.replace(/\d/g, (d) => (++digits <= 3 ? d : '0'));
    }
    case 'email':
      return 'x@example.com';
    case 'id':
      return value.length === SAMPLE_ID.length ? SAMPLE_ID : value.replace(/\d/g, '0');
    case 'order':
      return value.replace(/\d/g, '0');
  }
}

export function withStandIns(text: string, pii: CompiledPii): string {
  const hits = findPii(text, pii);
  if (hits.length === 0) return text;
  let out = '';
  let at = 0;
  for (const h of [...hits].sort((a, b) => a.span[0] - b.span[0])) {
    if (h.span[0] < at) continue;
    out += text.slice(at, h.span[0]) + standIn(h.kind, text.slice(h.span[0], h.span[1]));
    at = h.span[1];
  }
  return out + text.slice(at);
}
