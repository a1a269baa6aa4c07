/** Small DOM helpers for the console. Text always goes in as text nodes, never as HTML. */
import { showBidi } from './format.js';

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (ev: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) e.setAttribute(k, v);
  if (props.on) for (const [k, fn] of Object.entries(props.on)) if (fn) e.addEventListener(k, fn);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** Puts `els` (undefined ones skipped) first in `list`, in this order, moving only the nodes out of place. */
export function placeInOrder(list: Element, els: Iterable<Element | undefined>): void {
  let prev: Element | null = null;
  for (const el of els) {
    if (!el) continue;
    const want: Element | null = prev ? prev.nextElementSibling : list.firstElementChild;
    if (want !== el) list.insertBefore(el, want);
    prev = el;
  }
}

/**
 * Appends `text` to `parent` with the given [start, end) UTF-16 spans wrapped in <mark>. Overlapping
 * or out-of-range spans are merged and clamped; a span never splits a surrogate pair.
 */
export function appendMarked(parent: HTMLElement, raw: string, spans: readonly { span: readonly [number, number]; label: string }[]): void {
  // bidi controls shown, not obeyed (a moderator reads what was typed); same length, so spans fit
  const text = showBidi(raw);
  const clampSplit = (i: number) => {
    let x = Math.max(0, Math.min(text.length, i));
    const c = text.charCodeAt(x);
    if (x > 0 && x < text.length && c >= 0xdc00 && c <= 0xdfff) x--; // don't start/end inside a surrogate pair
    return x;
  };
  const ranges = spans
    .map((s) => ({ start: clampSplit(s.span[0]), end: clampSplit(s.span[1]), label: s.label }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number; labels: string[] }[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      if (!last.labels.includes(r.label)) last.labels.push(r.label);
    } else merged.push({ start: r.start, end: r.end, labels: [r.label] });
  }
  let at = 0;
  for (const m of merged) {
    if (m.start > at) parent.append(document.createTextNode(text.slice(at, m.start)));
    parent.append(h('mark', { text: text.slice(m.start, m.end), title: m.labels.join(', ') }));
    at = m.end;
  }
  if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
}
