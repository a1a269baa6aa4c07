/**
 * The OBS browser source. Connects read-only to /ws/overlay, renders the overlay slice, re-renders
 * the clocks four times a second from absolute server times, and reconnects by itself. A small
 * dot shows only when the connection has been down for more than 3 s.
 */
import type { OverlayState } from '../config/protocol.js';
import { HubClient, wsUrl } from './hub-client.js';
import { OverlayView } from './overlay-view.js';
import { EngageOverlay } from './overlay-engage.js';
import { fitScale, layoutCorners } from './overlay-layout.js';

const DOT_AFTER_MS = 3_000;
const TICK_MS = 250;

const params = new URLSearchParams(location.search);
const widgets = new Set((params.get('widgets') ?? '').split(',').map((w) => w.trim()).filter(Boolean));
const stage = document.getElementById('stage') as HTMLElement;
const dot = document.getElementById('conn') as HTMLElement;
const view = new OverlayView({ stage, widgets });
const slot = (name: string) => stage.querySelector<HTMLElement>(`[data-slot="${name}"]`) ?? stage;
const engage = new EngageOverlay({ draw: slot('top-center'), poll: slot('top-right'), coupon: slot('bottom-center') });

let dotTimer: ReturnType<typeof setTimeout> | null = null;
const armDot = () => {
  dotTimer ??= setTimeout(() => {
    dot.hidden = false;
  }, DOT_AFTER_MS);
};
armDot();

const client = new HubClient({
  url: wsUrl('/ws/overlay'),
  onState: (state) => {
    const overlay = state.overlay as OverlayState | undefined;
    if (overlay) {
      view.render(overlay, client.now());
      engage.render(overlay.engage, client.now(), overlay.lang === 'zh-CN' ? 'zh-CN' : 'en'); // the show's language, as the view's
      layoutCorners(stage);
    }
  },
  onConnection: (connected) => {
    document.documentElement.dataset.connected = String(connected);
    if (connected) {
      if (dotTimer) clearTimeout(dotTimer);
      dotTimer = null;
      dot.hidden = true;
    } else armDot();
  },
});

setInterval(() => {
  view.tick(client.now());
  engage.tick(client.now());
}, TICK_MS);

// widgets grow and shrink (a draw's winners, a longer answer, web fonts, enter transitions): lay the corners out again
const relayout = () => layoutCorners(stage);
stage.addEventListener('transitionend', relayout);
// the browser source's size: the stage is scaled by its short side over 1080 (overlay.css)
const fit = () => {
  document.documentElement.style.setProperty('--fit', String(fitScale(innerWidth, innerHeight)));
  relayout();
};
addEventListener('resize', fit);
fit();
if (typeof ResizeObserver === 'function') {
  const ro = new ResizeObserver(relayout);
  for (const s of stage.querySelectorAll('[data-slot]')) ro.observe(s);
}
