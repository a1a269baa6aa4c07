/**
 * The overlay page's DOM writes: each touches the DOM only when the value changed (the page
 * re-renders every frame while a countdown runs), and text is set as text, bidi controls removed.
 */
import { stripBidi } from './format.js';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent?: HTMLElement): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  parent?.appendChild(e);
  return e;
}

export function setText(e: HTMLElement, raw: string): void {
  const text = stripBidi(raw);
  if (e.textContent !== text) e.textContent = text;
}

export function setAttr(e: HTMLElement, name: string, value: string): void {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

export function setData(e: HTMLElement, key: string, value: string): void {
  if (e.dataset[key] !== value) e.dataset[key] = value;
}

export function show(e: HTMLElement, on: boolean): void {
  if (e.classList.contains('on') !== on) e.classList.toggle('on', on);
}
