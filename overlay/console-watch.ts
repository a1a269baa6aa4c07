/**
 * Flagged comments and the filter levels. Flagged comments are already on screen; the watch list
 * shows them newest first with their reasons, and one key takes one back everywhere it went
 * (Delete or Backspace; O keeps it, W moves down the list). The levels (off / low / medium / high
 * per category, as on AutoMod) switch live for everyone.
 */
import type { Level, SensitivityCategory } from '../config/filters-config.js';
import { LEVELS, SENSITIVITY_CATEGORIES } from '../config/levels.js';
import type { WatchItem } from '../config/views.js';
import { nearestLeft, typing, type Ctx, type Section } from './console-ctx.js';
import { reasonParts } from './console-reasons.js';
import { appendMarked, h, setText } from './dom.js';

export function watchSection(ctx: Ctx, mount: HTMLElement): Section {
  const { t } = ctx;
  const list = h('div', { class: 'watch-list', attrs: { role: 'listbox', 'aria-label': t.flaggedList } });
  const count = h('span', { class: 'count', attrs: { 'data-stat': 'watch-length' } });
  const levelRows = new Map<SensitivityCategory, Map<Level, HTMLButtonElement>>();
  const levels = h('div', { class: 'levels', attrs: { title: t.levelHelp } });
  const canSet = ctx.may('sensitivity.set');
  for (const cat of SENSITIVITY_CATEGORIES) {
    const btns = new Map<Level, HTMLButtonElement>();
    const seg = h('div', { class: 'seg' });
    for (const level of LEVELS) {
      const b = h('button', {
        text: t.level(level),
        attrs: { type: 'button', 'data-category': cat, 'data-level': level, ...(canSet ? {} : { disabled: '' }) },
        on: { click: () => void ctx.run({ kind: 'sensitivity.set', category: cat, level }).then((r) => r && ctx.toast(t.levelSet(t.category(cat), t.level(level)), 'ok')) },
      });
      btns.set(level, b);
      seg.append(b);
    }
    levelRows.set(cat, btns);
    levels.append(h('div', { class: 'level-row' }, h('span', { class: 'level-name', text: t.category(cat) }), seg));
  }
  mount.append(
    h('div', { class: 'queue-head' }, h('h2', { text: t.flaggedOnScreen }), count),
    h('div', { class: 'hint', text: t.watchHint }),
    list,
    h('h3', { text: t.filterLevels }),
    levels,
  );

  let items: WatchItem[] = [];
  let cursor: string | null = null;
  const ages = new Map<string, HTMLElement>();

  const remove = async (id: string) => {
    const r = (await ctx.run({ kind: 'moderation.remove', messageIds: [id] })) as { removed: string[] } | undefined;
    if (r) ctx.toast(r.removed.length ? t.removedEverywhere : t.alreadyGone, r.removed.length ? 'ok' : 'info');
  };
  const keep = async (id: string) => {
    await ctx.run({ kind: 'moderation.dismiss', messageIds: [id] });
  };

  const paint = () => {
    for (const el of list.children) el.classList.toggle('cursor', (el as HTMLElement).dataset['id'] === cursor);
  };

  const build = () => {
    ages.clear();
    list.replaceChildren(
      ...(items.length
        ? items.map((it) => {
            const text = h('div', { class: 'q-text' });
            appendMarked(text, it.text, it.reasons.filter((r) => r.span).map((r) => ({ span: r.span as [number, number], label: t.filterName(r.filter) })));
            const age = h('span', { class: 'age' });
            ages.set(it.messageId, age);
            const canAct = ctx.may('moderation.remove');
            return h(
              'div',
              { class: 'w-item', attrs: { role: 'option', 'data-id': it.messageId, 'data-lang': it.lang }, on: { click: () => ((cursor = it.messageId), paint()) } },
              h(
                'div',
                { class: 'q-meta' },
                age,
                h('b', { class: 'q-user', text: it.user.displayName }),
                it.platform && it.platform !== 'ingest' ? h('span', { class: 'mark platform', title: t.platformTitle(t.platformName(it.platform)), attrs: { 'data-platform': it.platform }, text: t.platformName(it.platform) }) : null,
                h('span', { class: 'q-lang', text: t.chatLang(it.lang) }),
              ),
              text,
              h('div', { class: 'reasons' }, ...it.reasons.map((r) => h('span', { class: `reason sev-${r.severity}`, attrs: { 'data-filter': r.filter } }, ...reasonParts(t.filterName(r.filter), r.detail, ctx.lang)))),
              canAct
                ? h(
                    'div',
                    { class: 'w-actions' },
                    h('button', { text: t.remove, class: 'danger', attrs: { type: 'button', 'data-act': 'remove' }, on: { click: (ev) => (ev.stopPropagation(), void remove(it.messageId)) } }),
                    h('button', { text: t.keep, attrs: { type: 'button', 'data-act': 'keep' }, on: { click: (ev) => (ev.stopPropagation(), void keep(it.messageId)) } }),
                  )
                : null,
            );
          })
        : [h('p', { class: 'empty', text: t.nothingFlagged })]),
    );
    paint();
  };

  return {
    keys: ['watch', 'sensitivity'],
    render(s) {
      if (s.watch) {
        const before = items;
        items = Object.values(s.watch).sort((a, b) => b.at - a.at);
        // the cursor's comment left (removed, kept, settled): the one after it takes its place, not the top
        if (cursor && !items.some((i) => i.messageId === cursor)) {
          const ids = new Set(items.map((i) => i.messageId));
          const gone = cursor;
          cursor = nearestLeft(before, before.findIndex((i) => i.messageId === gone), (i) => ids.has(i.messageId))?.messageId ?? null;
        }
        cursor ??= items[0]?.messageId ?? null;
        setText(count, t.flaggedCount(ctx.fmt.num(items.length)));
        build();
      }
      if (s.sensitivity) {
        for (const [cat, btns] of levelRows) for (const [level, b] of btns) b.classList.toggle('on', s.sensitivity[cat] === level);
      }
      this.tick?.(ctx.client.now());
    },
    tick(now) {
      for (const it of items) {
        const el = ages.get(it.messageId);
        if (el) setText(el, ctx.age(now - it.at));
      }
    },
    key(ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey || ev.shiftKey) return false;
      const k = ev.key.toLowerCase();
      if (k === 'w' && items.length) {
        const at = items.findIndex((i) => i.messageId === cursor);
        cursor = items[(at + 1) % items.length]!.messageId;
        paint();
        // Delete acts on it: it must be in view (a long list runs below the window)
        for (const el of list.children) if ((el as HTMLElement).dataset['id'] === cursor) el.scrollIntoView({ block: 'nearest' });
        return true;
      }
      if ((k === 'delete' || k === 'backspace') && cursor && ctx.may('moderation.remove')) return void remove(cursor), true;
      if (k === 'o' && cursor && ctx.may('moderation.dismiss')) return void keep(cursor), true;
      return false;
    },
  };
}
