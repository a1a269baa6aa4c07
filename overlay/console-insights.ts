/**
 * Recurring questions and mood for the console. Clusters are keyed by id and updated in place, so
 * an answer being typed into a cluster's box survives the once-a-second updates.
 */
import type { UiLang } from '../config/i18n.js';
import type { ClusterView, MoodView } from '../config/views.js';
import { recordedLabel } from '../config/labels.js';
import { h, placeInOrder, setText } from './dom.js';
import { answerIn, bothLines, lineIn } from './format.js';
import { drawLines, svg } from './charts.js';
import type { Ctx, Section } from './console-ctx.js';

const TREND: Record<ClusterView['trend'], string> = { rising: '▲', steady: '▶', fading: '▼' };

interface ClusterRow {
  el: HTMLElement;
  rep: HTMLElement;
  askers: HTMLElement;
  trend: HTMLElement;
  examples: HTMLElement;
  faq: HTMLElement;
  faqText: HTMLElement;
  answerBox: HTMLElement;
  cluster: ClusterView;
  examplesKey: string;
}

/** A viewer's line as an FAQ keyword: the question marks and stops at its end dropped (a Chinese keyword matches as a substring). */
function asKeyword(text: string): string {
  return text.trim().replace(/[\s?？!！。.,，~～]+$/u, '');
}

export function questionsSection(ctx: Ctx, mount: HTMLElement): Section {
  const { t, fmt } = ctx;
  const list = h('div', { class: 'clusters' });
  const empty = h('p', { class: 'empty', text: t.noQuestions });
  mount.append(h('h2', { text: t.recurringQuestions }), empty, list);
  const rows = new Map<string, ClusterRow>();
  const canPin = ctx.may('pin.set');
  /**
   * The cards keep their places while the pointer is over them (the askers change every second and
   * the order with them: a click aimed at one card's Pin answer landed on the card moved under it);
   * they take their new places when it leaves. New cards go to the end meanwhile, gone ones go.
   */
  let held = false;
  let last: ClusterView[] = [];
  // a mouse only: a finger's tap "enters" the list and never leaves it, which would hold the cards for good
  list.addEventListener('pointerenter', (ev) => {
    if (ev.pointerType === 'mouse') held = true;
  });
  list.addEventListener('pointerleave', () => {
    if (!held) return;
    held = false;
    place(last);
  });
  const place = (clusters: readonly ClusterView[]) => placeInOrder(list, clusters.map((c) => rows.get(c.id)?.el));
  // a card asked in both languages is pinned with its line (and its FAQ answer) in the overlay's language (the viewers')
  let overlayLang: UiLang = 'en';
  const pinQuestion = (c: ClusterView): string => lineIn({ text: c.representative, alt: c.representativeAlt, zh: c.representativeZh }, overlayLang);

  const build = (c: ClusterView): ClusterRow => {
    const rep = h('div', { class: 'c-rep' });
    const askers = h('span', { class: 'c-askers' });
    const trend = h('span', { class: 'c-trend' });
    const examples = h('ul', { class: 'c-examples' });
    const faqText = h('div', { class: 'c-answer' });
    const row: ClusterRow = { el: h('div'), rep, askers, trend, examples, faq: h('div'), faqText, answerBox: h('div'), cluster: c, examplesKey: '' };
    const pinFaq = h('button', {
      text: t.pinAnswer,
      class: 'primary',
      attrs: { type: 'button', 'data-action': 'pin-faq' },
      on: { click: () => row.cluster.faq && void ctx.run({ kind: 'pin.set', question: pinQuestion(row.cluster), answer: answerIn(row.cluster.faq, overlayLang), ...(row.cluster.faq.answers ? { answers: row.cluster.faq.answers } : {}), saveToFaq: false }).then((r) => r && ctx.toast(t.pinned, 'ok')) },
    });
    row.faq = h('div', { class: 'c-faq' }, h('small', { text: t.faqAnswer }), faqText, canPin ? pinFaq : null);
    const answer = h('textarea', { attrs: { rows: '2', maxlength: '600', placeholder: t.typeAnswer, name: 'clusterAnswer' } });
    const save = h('input', { attrs: { type: 'checkbox', name: 'saveToFaq' } });
    save.checked = true;
    row.answerBox = h(
      'div',
      { class: 'c-answer-box' },
      answer,
      h(
        'div',
        { class: 'row' },
        h('label', { class: 'check' }, save, h('span', { text: t.saveToFaq })),
        h('button', {
          text: t.pinAnswer,
          class: 'primary',
          attrs: { type: 'button', 'data-action': 'pin-typed' },
          on: {
            click: () => {
              const a = answer.value.trim();
              if (!a) return void ctx.toast(t.typeAnswerFirst, 'error');
              // saved, the entry knows the card's lines in both languages and what viewers typed, not the pinned line alone
              const c = row.cluster;
              const keywords = [c.representative, ...(c.representativeAlt !== undefined ? [c.representativeAlt] : []), ...c.examples].map(asKeyword).filter((k) => k !== '' && k.length <= 100).slice(0, 12);
              void ctx.run({ kind: 'pin.set', question: pinQuestion(c), answer: a, saveToFaq: save.checked, keywords }).then((r) => {
                if (r) {
                  ctx.toast(save.checked ? t.pinnedSaved : t.pinned, 'ok');
                  answer.value = '';
                }
              });
            },
          },
        }),
      ),
    );
    row.el = h('div', { class: 'cluster', attrs: { 'data-cluster': c.id } }, h('div', { class: 'c-head' }, trend, rep, askers), examples, row.faq, canPin ? row.answerBox : null);
    return row;
  };

  return {
    keys: ['clusters', 'overlay'],
    render(s) {
      if (s.overlay) overlayLang = s.overlay.lang ?? 'en';
      const clusters = s.clusters;
      if (!clusters) return;
      empty.hidden = clusters.length > 0;
      const ids = new Set(clusters.map((c) => c.id));
      for (const [id, r] of rows) if (!ids.has(id)) {
        r.el.remove();
        rows.delete(id);
      }
      last = clusters;
      for (const c of clusters) {
        let r = rows.get(c.id);
        if (!r) {
          r = build(c);
          rows.set(c.id, r);
          list.append(r.el);
        }
        r.cluster = c;
        setText(r.rep, bothLines({ text: c.representative, alt: c.representativeAlt, zh: c.representativeZh }, ctx.lang));
        setText(r.askers, t.asked(fmt.num(c.askers), fmt.num(c.count)));
        setText(r.trend, TREND[c.trend]);
        r.trend.className = `c-trend ${c.trend}`;
        r.trend.title = t.trend(c.trend);
        const exKey = c.examples.join('\u0000');
        if (exKey !== r.examplesKey) {
          r.examplesKey = exKey;
          r.examples.replaceChildren(...c.examples.slice(0, 3).map((e) => h('li', { text: e })));
        }
        r.faq.hidden = !c.faq;
        r.answerBox.hidden = !!c.faq;
        // an answer written per language: the console's here, the overlay's when pinned
        setText(r.faqText, c.faq ? answerIn(c.faq, ctx.lang) : '');
      }
      if (!held) place(clusters);
    },
  };
}

export function moodSection(ctx: Ctx, mount: HTMLElement): Section {
  const { t, fmt } = ctx;
  const needle = h('div', { class: 'g-needle' });
  const value = h('span', { class: 'g-value', attrs: { 'data-stat': 'mood' } });
  const share = h('span', { class: 'muted' });
  const alert = h('div', { class: 'mood-alert', attrs: { role: 'alert' } });
  alert.hidden = true;
  const chart = svg('chart wide');
  mount.append(
    h('h2', { text: t.mood }),
    alert,
    h('div', { class: 'gauge-row' }, h('div', { class: 'gauge' }, needle), value, share),
    h('figure', {}, chart, h('figcaption', { text: t.moodChart })),
  );
  return {
    keys: ['mood'],
    render(s) {
      const m: MoodView | undefined = s.mood;
      if (!m) return;
      const v = Math.max(-1, Math.min(1, m.index));
      needle.style.left = `${(v + 1) * 50}%`;
      setText(value, `${v >= 0 ? '+' : ''}${fmt.num(v, 2)}`);
      setText(share, t.negativeShare(fmt.pct(m.negativeShare)));
      alert.hidden = !m.alert;
      if (m.alert) {
        const a = m.alert;
        alert.replaceChildren(
          h('b', { text: t.moodTurning(fmt.time(a.since)) }),
          h('div', {}, t.moodAbout, ...a.themes.map((k) => h('span', { class: 'theme', text: recordedLabel(ctx.lang === 'zh-CN' ? 'zh' : 'en', k), attrs: { 'data-theme': k } }))),
          h('ul', {}, ...a.examples.slice(0, 3).map((e) => h('li', { text: e }))),
        );
      }
      drawLines(
        chart,
        [
          { values: m.timeline.map((p) => p.index), color: '#4fc3f7', label: t.seriesMood },
          { values: m.timeline.map((p) => p.negativeShare), color: '#ff6b6b', label: t.seriesNegative },
        ],
        { min: -1, max: 1, zeroLine: true },
      );
    },
  };
}
