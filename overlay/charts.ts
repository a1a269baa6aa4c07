/** Tiny charts for the console: a canvas sparkline and SVG line charts (no library). */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Draws `values` as a filled sparkline on a canvas (device-pixel aware). */
export function drawSparkline(canvas: HTMLCanvasElement, values: readonly number[], color = '#4fc3f7'): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width;
  const hgt = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
  if (canvas.height !== Math.round(hgt * dpr)) canvas.height = Math.round(hgt * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  if (values.length === 0) return;
  const max = Math.max(1, ...values);
  if (values.length === 1) {
    // one sample: a level line across, so the chart says "this much so far" instead of nothing
    const y1 = hgt - 1 - (values[0]! / max) * (hgt - 2);
    ctx.fillStyle = `${color}33`;
    ctx.fillRect(0, y1, w, hgt - y1);
    ctx.beginPath();
    ctx.moveTo(0, y1);
    ctx.lineTo(w, y1);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    return;
  }
  const x = (i: number) => (i / (values.length - 1)) * w;
  const y = (v: number) => hgt - 1 - (v / max) * (hgt - 2);
  ctx.beginPath();
  ctx.moveTo(0, hgt);
  values.forEach((v, i) => ctx.lineTo(x(i), y(v)));
  ctx.lineTo(w, hgt);
  ctx.closePath();
  ctx.fillStyle = `${color}33`;
  ctx.fill();
  ctx.beginPath();
  values.forEach((v, i) => (i ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v))));
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

export interface Series {
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly label: string;
}

/**
 * Renders line series into an SVG element (replacing its content) with a fixed viewBox. `min`/`max`
 * fix the y range (default: 0..max of the data); `zeroLine` draws a y=0 rule (for signed data).
 */
export function drawLines(svg: SVGSVGElement, series: readonly Series[], opts: { min?: number; max?: number; zeroLine?: boolean } = {}): void {
  const W = 300;
  const H = 80;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const min = opts.min ?? Math.min(0, ...all);
  const max = opts.max ?? Math.max(1, ...all);
  const span = max - min || 1;
  const longest = Math.max(0, ...series.map((s) => s.values.length));
  const n = Math.max(2, longest);
  // a single point (a one-minute show) sits in the middle rather than on the left edge
  const x = longest === 1 ? () => W / 2 : (i: number) => (i / (n - 1)) * W;
  const y = (v: number) => H - 2 - ((v - min) / span) * (H - 4);
  const nodes: SVGElement[] = [];
  if (opts.zeroLine && min < 0 && max > 0) {
    const rule = document.createElementNS(SVG_NS, 'line');
    rule.setAttribute('x1', '0');
    rule.setAttribute('x2', String(W));
    rule.setAttribute('y1', String(y(0)));
    rule.setAttribute('y2', String(y(0)));
    rule.setAttribute('class', 'zero');
    nodes.push(rule);
  }
  for (const s of series) {
    const d = linePath(s.values, x, y);
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', s.color);
    path.setAttribute('stroke-width', '1.5');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('vector-effect', 'non-scaling-stroke');
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = s.label;
    path.append(title);
    nodes.push(path);
  }
  svg.replaceChildren(...nodes);
}

/**
 * The SVG path of one series: runs of values joined by lines, a gap at each null; a point with no
 * neighbour to join (a one-minute show) is a short dash, since a lone "M" draws nothing.
 */
export function linePath(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    if (!pen && (values[i + 1] ?? null) === null) d += 'm-3,0h6';
    pen = true;
  });
  return d;
}

export function svg(cls: string): SVGSVGElement {
  const e = document.createElementNS(SVG_NS, 'svg');
  e.setAttribute('class', cls);
  return e;
}
