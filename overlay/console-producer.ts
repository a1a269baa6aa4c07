/**
 * The producer's panel: flash sales (presets or ad hoc, scheduled or now), live stock, countdowns,
 * pinned answers, the featured comment, the panic button and a live preview of the overlay.
 * Shortcuts (outside text fields): Shift+H hide/show all · Shift+C pause/resume countdown ·
 * Shift+X countdown +1 min · ] / [ stock +1 / −1 · Shift+E end sale · Shift+U unpin.
 */
import type { Command } from '../config/protocol.js';
import type { ControlState } from '../config/views.js';
import { countdownRemaining, formatClock, saleMoney, shopMoney, bannerPhase, startsFarAhead } from './format.js';
import { h, setText } from './dom.js';
import { typing, type Ctx, type Section } from './console-ctx.js';
import { errorMessage } from './console-errors.js';

function num(input: HTMLInputElement): number | undefined {
  const v = input.value.trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * "90s" or "90秒" → 90 s, "1:30" → 90 s, "5m", "5分钟" or a bare "5" → 300 s (a bare number is
 * minutes), "1h" or "1小时" → an hour; full-width digits and letters as typed with a Chinese IME. Returns ms or undefined.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.normalize('NFKC').trim().toLowerCase();
  let m = /^(\d+):([0-5]?\d)$/.exec(t);
  if (m) return (Number(m[1]) * 60 + Number(m[2])) * 1000;
  m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|秒|秒钟|分|分钟|小时|时)?$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 'm';
  const ms = unit === 's' || unit.startsWith('秒') ? n * 1000 : unit === 'h' || unit.endsWith('时') ? n * 3600_000 : n * 60_000;
  return ms > 0 ? Math.round(ms) : undefined;
}

export function producerSection(ctx: Ctx, mount: HTMLElement): Section {
  const { may, t, lang } = ctx;
  const run = (cmd: Command) => ctx.run(cmd);
  const field = (label: string, input: HTMLElement) => h('label', { class: 'field' }, h('span', { text: label }), input);
  const input = (name: string, attrs: Record<string, string> = {}) => h('input', { attrs: { name, ...attrs } });
  const btn = (text: string, onClick: () => void, cls = '', title = '') => h('button', { text, class: cls, title, attrs: { type: 'button' }, on: { click: onClick } });

  // ---- flash sale
  const presetSel = h('select', { attrs: { name: 'preset' } });
  const fProduct = input('product', { placeholder: t.productPlaceholder, maxlength: '120' });
  const fPrice = input('price', { type: 'number', min: '0', step: '0.01', placeholder: '19.90' });
  const fOrig = input('originalPrice', { type: 'number', min: '0', step: '0.01', placeholder: t.optional });
  const fCurrency = input('currency', { maxlength: '8', placeholder: t.currencyDefault, value: t.currencyDefault });
  const fStock = input('stock', { type: 'number', min: '0', step: '1', placeholder: '100' });
  const fDuration = input('duration', { placeholder: t.durationPlaceholder, value: '5m' });
  const fStart = input('startAt', { type: 'datetime-local', step: '1', lang });
  const fImage = input('imageUrl', { placeholder: t.imagePlaceholder });
  const saleForm = h(
    'form',
    { class: 'sale-form', attrs: { 'data-form': 'sale' } },
    h('div', { class: 'row' }, field(t.preset, presetSel), btn(t.startPreset, () => startPreset(), 'primary', t.startPresetTitle)),
    h('div', { class: 'grid2' }, field(t.product, fProduct), field(t.imageUrl, fImage), field(t.price, fPrice), field(t.originalPrice, fOrig), field(t.currency, fCurrency), field(t.stock, fStock), field(t.duration, fDuration), field(t.startAt, fStart)),
    h('div', { class: 'row' }, h('button', { text: t.startSale, class: 'primary', attrs: { type: 'submit', name: 'startSale' } })),
  );
  const startAt = (): number | undefined => {
    if (!fStart.value) return undefined;
    const local = new Date(fStart.value).getTime(); // the producer's wall clock → server clock
    return Number.isFinite(local) ? local + ctx.client.offset : undefined;
  };
  /** One banner at a time: a sale still on the stream (live, sold out, scheduled) is replaced only when the producer says so. */
  const mayReplace = (): boolean => {
    if (banner === null) return true;
    const phase = bannerPhase(banner, ctx.client.now());
    return phase === 'ended' || phase === 'gone' || confirm(t.replaceSale(banner.product, t.phase(phase)));
  };
  const startPreset = () => {
    if (!presetSel.value) return void ctx.toast(t.noPresetSelected, 'error');
    if (!mayReplace()) return;
    const at = startAt();
    void run({ kind: 'banner.start', preset: presetSel.value, ...(at !== undefined ? { startAt: at } : {}) });
  };
  saleForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const price = num(fPrice);
    const stock = num(fStock);
    const durationMs = parseDuration(fDuration.value);
    if (!fProduct.value.trim() || price === undefined || stock === undefined) return void ctx.toast(t.saleNeeds, 'error');
    if (durationMs === undefined) return void ctx.toast(t.durationHelp, 'error');
    if (!mayReplace()) return; // it took the running sale off the stream without a word
    const orig = num(fOrig);
    const at = startAt();
    void run({
      kind: 'banner.start',
      product: fProduct.value.trim(),
      price,
      stock: Math.round(stock),
      durationMs,
      ...(orig !== undefined ? { originalPrice: orig } : {}),
      ...(fCurrency.value.trim() ? { currency: fCurrency.value.trim() } : {}),
      ...(fImage.value.trim() ? { imageUrl: fImage.value.trim() } : {}),
      ...(at !== undefined ? { startAt: at } : {}),
    });
  });

  const saleStatus = h('div', { class: 'status-line', attrs: { 'data-status': 'sale' } });
  const stockSet = input('stockLeft', { type: 'number', min: '0', step: '1', placeholder: t.stockSetPlaceholder });
  const stock = (delta: number) => void run({ kind: 'banner.stock', delta });
  const saleButtons = [
    btn('−10', () => stock(-10)),
    btn('−1', () => stock(-1), '', t.stockKeyDown),
    btn('+1', () => stock(1), '', t.stockKeyUp),
    btn('+10', () => stock(10)),
    stockSet,
    btn(t.setStock, () => {
      const v = num(stockSet);
      if (v === undefined) return void ctx.toast(t.stockSetHelp, 'error'); // it did nothing at all
      void run({ kind: 'banner.stock', stockLeft: Math.max(0, Math.round(v)) });
    }),
    btn(t.extendSale, () => void run({ kind: 'banner.extend', byMs: 60_000 }), '', t.extendSaleTitle),
    btn(t.endSale, () => void run({ kind: 'banner.end' }), 'danger', 'Shift+E'),
  ];
  const saleLive = h('div', { class: 'row live-controls' }, ...saleButtons);

  // ---- countdown
  const cLabel = input('countdownLabel', { placeholder: t.countdownLabel, maxlength: '120' });
  const cDur = input('countdownDuration', { placeholder: t.countdownPlaceholder, value: '3m' });
  const cdStatus = h('div', { class: 'status-line', attrs: { 'data-status': 'countdown' } });
  const cdPauseBtn = btn(t.pause, () => togglePause(), '', 'Shift+C');
  const cdButtons = [cdPauseBtn, btn(t.plus30s, () => void run({ kind: 'countdown.extend', byMs: 30_000 })), btn(t.plus1m, () => void run({ kind: 'countdown.extend', byMs: 60_000 }), '', 'Shift+X'), btn(t.minus30s, () => void run({ kind: 'countdown.extend', byMs: -30_000 })), btn(t.clear, () => void run({ kind: 'countdown.clear' }))];
  const countdownBox = h(
    'div',
    { class: 'box' },
    h('h3', { text: t.countdown }),
    cdStatus,
    h('div', { class: 'row' }, cLabel, cDur, btn(t.start, () => {
      const ms = parseDuration(cDur.value);
      if (ms === undefined) return void ctx.toast(t.countdownHelp, 'error');
      void run({ kind: 'countdown.start', label: cLabel.value.trim(), durationMs: ms });
    }, 'primary')),
    h('div', { class: 'row' }, ...cdButtons),
  );
  let cd: ControlState['overlay']['countdown'] = null;
  const togglePause = () => {
    if (!cd) return;
    void run({ kind: cd.pausedRemainingMs !== null ? 'countdown.resume' : 'countdown.pause' });
  };

  // ---- pin
  const pQ = input('pinQuestion', { placeholder: t.pinQuestion, maxlength: '300' });
  const pA = h('textarea', { attrs: { name: 'pinAnswer', placeholder: t.pinAnswerPlaceholder, maxlength: '600', rows: '2' } });
  const pinStatus = h('div', { class: 'status-line', attrs: { 'data-status': 'pinned' } });
  const pinBox = h(
    'div',
    { class: 'box' },
    h('h3', { text: t.pinnedAnswer }),
    pinStatus,
    may('pin.set') ? h('div', { class: 'col' }, pQ, pA) : null,
    h('div', { class: 'row' }, may('pin.set') ? btn(t.pin, () => {
      if (!pA.value.trim()) return void ctx.toast(t.typeAnswerToPin, 'error');
      void run({ kind: 'pin.set', question: pQ.value.trim(), answer: pA.value.trim(), saveToFaq: false }).then((r) => r !== undefined && ctx.toast(t.pinned, 'ok'));
    }, 'primary') : null, btn(t.unpin, () => void run({ kind: 'pin.clear' }), '', 'Shift+U')),
  );

  // ---- featured
  const featStatus = h('div', { class: 'status-line', attrs: { 'data-status': 'featured' } });
  const featBox = h('div', { class: 'box' }, h('h3', { text: t.featuredComment }), featStatus, h('div', { class: 'row' }, btn(t.clearFeatured, () => void run({ kind: 'feature.clear' }))));

  // ---- panic + preview
  const panicBtn = btn(t.hideAll, () => void run({ kind: 'overlay.hide', hidden: !hidden }), 'panic', t.panicTitle);
  panicBtn.setAttribute('data-action', 'panic');
  const preview = h('iframe', { class: 'preview', title: t.overlayPreview, attrs: { src: '/overlay', tabindex: '-1', loading: 'lazy' } });
  const previewFrame = h('div', { class: 'preview-frame' }, preview);
  const previewBox = h('div', { class: 'box preview-box' }, h('h3', { text: t.overlayPreview }), previewFrame);
  // the 1920x1080 overlay scaled to the frame's width (480 px, less on a phone), not cut off
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => (preview.style.transform = `scale(${previewFrame.clientWidth / 1920})`)).observe(previewFrame);
  let hidden = false;

  // ---- OBS
  const obsRun = (cmd: Command, done: string) =>
    void run(cmd).then((r) => {
      if (r === undefined) return;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- false positive: r is `unknown` narrowed to `{} | null`, tsc needs the shape
      const res = r as { ok?: boolean; code?: string; message?: string } | null;
      if (res && res.ok === false) ctx.toast(t.obsFailed(res.code ?? '', errorMessage(res.code ?? '', res.message ?? '', ctx.lang)), 'error', res.code ? { code: res.code } : {});
      else ctx.toast(done, 'ok');
    });
  const obsScene = input('obsScene', { placeholder: t.obsScenePlaceholder, maxlength: '200', list: 'obs-scenes' });
  // OBS's scenes to pick from (GET /api/obs/scenes, asked when OBS connects and when the box gets focus); typing stays possible
  const obsScenes = h('datalist', { attrs: { id: 'obs-scenes' } });
  const loadScenes = (): void => {
    void fetch('/api/obs/scenes', { credentials: 'same-origin' })
      .then((res) => (res.ok ? res.json() : null))
      .then((body: unknown) => {
        const value = (body as { ok?: unknown; value?: { scenes?: unknown } } | null)?.value;
        if ((body as { ok?: unknown } | null)?.ok !== true || !Array.isArray(value?.scenes)) return; // OBS off or away: keep the last list
        const names = (value.scenes as unknown[]).map((sc) => (sc as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === 'string').slice(0, 500);
        obsScenes.replaceChildren(...names.map((n) => h('option', { attrs: { value: n } })));
      })
      .catch(() => undefined);
  };
  obsScene.addEventListener('focus', loadScenes);
  const obsBox = h(
    'div',
    { class: 'box' },
    h('h3', { text: 'OBS' }),
    h(
      'div',
      { class: 'row' },
      btn(t.obsSetUp, () => obsRun({ kind: 'obs.setup' }, t.obsSetUpDone), '', t.obsSetUpTitle),
      btn(t.obsRefresh, () => obsRun({ kind: 'obs.refresh' }, t.obsRefreshDone)),
      btn(t.obsReconnect, () => obsRun({ kind: 'obs.reconnect' }, t.obsReconnectDone), '', t.obsReconnectTitle),
      obsScene,
      obsScenes,
      btn(t.obsSwitch, () => obsScene.value.trim() && obsRun({ kind: 'obs.scene', scene: obsScene.value.trim() }, t.obsSwitched(obsScene.value.trim()))),
    ),
  );

  /** Only the shortcuts this role may use (a host may hide and unpin, not pause or end a sale). */
  const shortcutHint = () => {
    const keys: [string, Command['kind']][] = [[t.keyHide, 'overlay.hide'], [t.keyPause, 'countdown.pause'], [t.keyExtend, 'countdown.extend'], [t.keyStock, 'banner.stock'], [t.keyEndSale, 'banner.end'], [t.keyUnpin, 'pin.clear']];
    return t.shortcuts(keys.filter(([, kind]) => may(kind)).map(([text]) => text).join(' · '));
  };
  const saleBox = h('div', { class: 'box' }, h('h3', { text: t.flashSale }), saleStatus, saleLive, h('details', { attrs: { open: '' } }, h('summary', { text: t.newFlashSale }), saleForm));
  mount.append(
    h('div', { class: 'panic-row' }, panicBtn, h('span', { class: 'hint', attrs: { 'data-hint': 'shortcuts' }, text: shortcutHint() })),
    may('banner.start') ? saleBox : '',
    may('countdown.start') ? countdownBox : '',
    pinBox,
    featBox,
    previewBox,
    may('obs.setup') ? obsBox : '',
  );

  const startDate = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  let banner: ControlState['overlay']['banner'] = null;
  let presetsKey = '';
  let obsConnected = false;
  return {
    keys: ['overlay', 'presets', 'obs'],
    render(s) {
      const o = s.overlay;
      if (s.obs && may('obs.scene')) {
        if (s.obs.state === 'connected' && !obsConnected) loadScenes();
        obsConnected = s.obs.state === 'connected';
      }
      if (s.presets) {
        // the presets are one shop: their prices read alike (cents for all or none, per currency)
        const money = shopMoney(s.presets.flatMap((p) => [{ amount: p.price, currency: p.currency }, { amount: p.originalPrice, currency: p.currency }]), lang);
        const key = JSON.stringify(s.presets.map((p) => [p.id, money(p.price, p.currency)]));
        if (key !== presetsKey) {
          presetsKey = key;
          presetSel.replaceChildren(...s.presets.map((p) => h('option', { text: t.presetOption(p.product, money(p.price, p.currency), ctx.fmt.num(p.stock)), attrs: { value: p.id } })));
          if (!s.presets.length) presetSel.append(h('option', { text: t.noPresets, attrs: { value: '' } }));
        }
      }
      if (!o) return;
      hidden = o.hidden;
      setText(panicBtn, hidden ? t.showOverlay : t.hideAll);
      panicBtn.classList.toggle('active', hidden);
      banner = o.banner;
      cd = o.countdown;
      setText(cdPauseBtn, cd?.pausedRemainingMs != null ? t.resume : t.pause);
      setText(pinStatus, o.pinned ? t.pinnedStatus(o.pinned.question, o.pinned.answer) : t.nothingPinned);
      setText(featStatus, o.featured ? `${o.featured.displayName}: ${o.featured.text}` : t.nothingFeatured);
      this.tick?.(ctx.client.now());
    },
    tick(now) {
      if (banner) {
        const phase = bannerPhase(banner, now);
        const timer =
          phase === 'scheduled'
            ? startsFarAhead(banner, now)
              ? t.startsOn(startDate.format(banner.startsAt - ctx.client.offset)) // server time → the producer's clock
              : t.startsIn(formatClock(banner.startsAt - now))
            : phase === 'live' || phase === 'soldout'
              ? t.endsIn(formatClock(banner.endsAt - now))
              : '';
        setText(saleStatus, t.saleStatus(banner.product, saleMoney(banner, lang)(banner.price), ctx.fmt.num(banner.stockLeft), ctx.fmt.num(banner.stockTotal), t.phase(phase), timer));
        saleStatus.dataset.phase = phase;
      } else setText(saleStatus, t.noSale);
      // nothing to act on: the controls are greyed out (they answered with a server error, or nothing)
      const phase = banner === null ? null : bannerPhase(banner, now);
      const saleOn = phase !== null && phase !== 'ended' && phase !== 'gone'; // 'gone': ended, and its banner has left the overlay
      for (const b of saleButtons) b.disabled = !saleOn;
      for (const b of cdButtons) b.disabled = cd === null;
      setText(cdStatus, cd ? t.countdownStatus(cd.label, cd.pausedRemainingMs !== null, formatClock(countdownRemaining(cd, now))) : t.noCountdown);
    },
    key(ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
      const k = ev.key;
      if (ev.shiftKey && (k === 'H' || k === 'h') && may('overlay.hide')) return void run({ kind: 'overlay.hide', hidden: !hidden }), true;
      if (ev.shiftKey && (k === 'C' || k === 'c') && may('countdown.pause')) return togglePause(), true;
      if (ev.shiftKey && (k === 'X' || k === 'x') && may('countdown.extend')) return void run({ kind: 'countdown.extend', byMs: 60_000 }), true;
      if (ev.shiftKey && (k === 'E' || k === 'e') && may('banner.end')) return void run({ kind: 'banner.end' }), true;
      if (ev.shiftKey && (k === 'U' || k === 'u') && may('pin.clear')) return void run({ kind: 'pin.clear' }), true;
      if (!ev.shiftKey && k === ']' && may('banner.stock')) return stock(1), true;
      if (!ev.shiftKey && k === '[' && may('banner.stock')) return stock(-1), true;
      return false;
    },
  };
}
