/**
 * Keeps the corner slots clear of the centre slot on the same edge. A corner whose showing widgets
 * would overlap the centre's showing widgets (a lucky draw at the top, the flash-sale banner and a
 * coupon at the bottom) steps aside by the centre's measured height; a corner beside them, with
 * nothing in the way, stays at the edge. Fixed offsets did both wrong: a lucky draw is taller than
 * the 290 px the top corners stepped down, so the pinned answer ran under it, and the right column,
 * never in the draw's way, was pushed down over the flash-sale banner. Where the two corners of an
 * edge meet (an upright source), the right one steps past the left one. When even so a top box would
 * cover a bottom one (every widget at once on an upright source), the host's own widgets step aside
 * (mood, then questions: class "crowded") until the rest fits, and come back when there is room.
 */
const GAP = 20;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The overlay is sized for a source 1080 pixels high; others scale by their short side (1280x720 → 2/3, 720x1280 → 2/3). */
export function fitScale(width: number, height: number): number {
  const k = Math.min(width, height) / 1080;
  return Number.isFinite(k) && k > 0 ? k : 1;
}

/** The stage's own pixels: `scale` is its CSS scale, `left` / `top` where it sits in the viewport. */
interface Frame {
  readonly left: number;
  readonly top: number;
  readonly scale: number;
}

/** The box around a slot's showing widgets in stage pixels, or null when none shows. */
function shown(slot: Element, f: Frame): Box | null {
  let box: Box | null = null;
  for (const w of slot.children) {
    if (!w.classList.contains('on')) continue;
    const v = w.getBoundingClientRect();
    if (v.width === 0 && v.height === 0) continue;
    const r = { left: (v.left - f.left) / f.scale, right: (v.right - f.left) / f.scale, top: (v.top - f.top) / f.scale, bottom: (v.bottom - f.top) / f.scale };
    box = box ? { left: Math.min(box.left, r.left), right: Math.max(box.right, r.right), top: Math.min(box.top, r.top), bottom: Math.max(box.bottom, r.bottom) } : { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  }
  return box;
}

/** A corner's distance from its edge in the CSS (overlay.css: `.slot[data-slot^="top"] { top: 48px }`). */
const EDGE = 48;

/**
 * Moves each corner slot below (top edge) or above (bottom edge) the centre's widgets when they are
 * in its way, then the right corner past the left one when the two columns meet: on an upright
 * source (720x1280, a stage 1080 pixels wide) the pinned answer (760 px) and the countdown, or the
 * featured comment and the mood, reach across the middle, and side by side they covered each other.
 * Positions are computed from the widgets' sizes, not read back, so a corner still sliding
 * (`transition: top`) is placed where it will stop.
 */
export function layoutCorners(stage: HTMLElement): void {
  for (const w of stage.querySelectorAll('.w.crowded')) w.classList.remove('crowded');
  for (;;) {
    const finals = placeCorners(stage);
    if (!crowded(finals, stage.clientHeight)) return;
    // every widget at once on an upright source is taller than the stage: the host's own widgets
    // (opted in by URL, for the host's eyes) make room, the mood first, rather than cover the show's
    const next = STEP_ASIDE.map((name) => stage.querySelector(`[data-widget="${name}"].on:not(.crowded)`)).find((w) => w !== null);
    if (!next) return;
    next.classList.add('crowded');
  }
}

/** Host widgets that step aside (class "crowded": not shown) while the stage has no room for everything, in this order. */
const STEP_ASIDE = ['mood', 'questions'];

/** Whether a top-edge box and a bottom-edge box cover each other, or one leaves the stage. */
function crowded(finals: { top: Box[]; bottom: Box[] }, height: number): boolean {
  for (const b of [...finals.top, ...finals.bottom]) if (b.top < 0 || b.bottom > height) return true;
  for (const a of finals.top)
    for (const b of finals.bottom) if (a.left < b.right && b.left < a.right && a.bottom > b.top) return true;
  return false;
}

/** Places the corners (see layoutCorners) and returns each edge's boxes where they will stop, in stage pixels. */
function placeCorners(stage: HTMLElement): { top: Box[]; bottom: Box[] } {
  const height = stage.clientHeight;
  const v = stage.getBoundingClientRect();
  const f: Frame = { left: v.left, top: v.top, scale: stage.offsetWidth > 0 && v.width > 0 ? v.width / stage.offsetWidth : 1 };
  const finals: { top: Box[]; bottom: Box[] } = { top: [], bottom: [] };
  for (const edge of ['top', 'bottom'] as const) {
    const centre = stage.querySelector(`[data-slot="${edge}-center"]`);
    const c = centre ? shown(centre, f) : null;
    if (c) finals[edge].push(c);
    const placed: { corner: HTMLElement; box: Box | null; dist: number; span: number; moved: boolean }[] = [];
    for (const side of ['left', 'right'] as const) {
      const corner = stage.querySelector<HTMLElement>(`[data-slot="${edge}-${side}"]`);
      if (!corner) continue;
      const k = shown(corner, f);
      const inTheWay = c !== null && k !== null && k.left < c.right + GAP && k.right > c.left - GAP;
      const dist = !inTheWay || !c ? EDGE : Math.ceil(edge === 'top' ? c.bottom + GAP : height - c.top + GAP);
      // the slot's extent from its edge to the far side of its showing widgets
      const r = corner.getBoundingClientRect();
      const slotEdge = edge === 'top' ? (r.top - f.top) / f.scale : (r.bottom - f.top) / f.scale;
      const span = k === null ? 0 : edge === 'top' ? k.bottom - slotEdge : slotEdge - k.top;
      placed.push({ corner, box: k, dist, span, moved: inTheWay });
    }
    const [left, right] = placed;
    if (left?.box && right?.box && right.box.left < left.box.right + GAP && right.box.right > left.box.left - GAP) {
      right.dist = Math.max(right.dist, Math.ceil(left.dist + left.span + GAP));
      right.moved = true;
    }
    for (const p of placed) {
      const offset = p.moved ? `${p.dist}px` : '';
      if (p.corner.style[edge] !== offset) p.corner.style[edge] = offset;
      if (p.box) finals[edge].push(edge === 'top' ? { left: p.box.left, right: p.box.right, top: p.dist, bottom: p.dist + p.span } : { left: p.box.left, right: p.box.right, top: height - p.dist - p.span, bottom: height - p.dist });
    }
  }
  return finals;
}
