/**
 * Keeps the corner slots clear of the centre slot on the same edge. A corner whose showing widgets
 * would overlap the centre's showing widgets (a lucky draw at the top, the flash-sale banner and a
 * coupon at the bottom) steps aside by the centre's measured height; a corner beside them, with
 * nothing in the way, stays at the edge. Fixed offsets did both wrong: a lucky draw is taller than
 * the 290 px the top corners stepped down, so the pinned answer ran under it, and the right column,
 * never in the draw's way, was pushed down over the flash-sale banner.
 */
const GAP = 20;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The box around a slot's showing widgets, or null when none shows. */
function shown(slot: Element): Box | null {
  let box: Box | null = null;
  for (const w of slot.children) {
    if (!w.classList.contains('on')) continue;
    const r = w.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    box = box ? { left: Math.min(box.left, r.left), right: Math.max(box.right, r.right), top: Math.min(box.top, r.top), bottom: Math.max(box.bottom, r.bottom) } : { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  }
  return box;
}

/** Moves each corner slot below (top edge) or above (bottom edge) the centre's widgets when they are in its way. */
export function layoutCorners(stage: HTMLElement): void {
  const height = stage.clientHeight;
  for (const edge of ['top', 'bottom'] as const) {
    const centre = stage.querySelector(`[data-slot="${edge}-center"]`);
    const c = centre ? shown(centre) : null;
    for (const side of ['left', 'right'] as const) {
      const corner = stage.querySelector<HTMLElement>(`[data-slot="${edge}-${side}"]`);
      if (!corner) continue;
      const k = shown(corner);
      const inTheWay = c !== null && k !== null && k.left < c.right + GAP && k.right > c.left - GAP;
      const offset = !inTheWay || !c ? '' : `${Math.ceil(edge === 'top' ? c.bottom + GAP : height - c.top + GAP)}px`;
      if (corner.style[edge] !== offset) corner.style[edge] = offset;
    }
  }
}
