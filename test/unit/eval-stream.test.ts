import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../config/chat.js';
import { LEVELS } from '../../config/filters-config.js';
import { createFilterEngine } from '../../filters/engine.js';
import { textHash, type AbuseModels } from '../../filters/model.js';
import { foldOf } from '../../scripts/train/model-train.js';
import { readSets } from '../../scripts/eval/io.js';
import { INNOCENT_CLASSES, STREAM_CLASSES, buildStream, chatText, type StreamOptions } from '../../scripts/eval/stream-build.js';
import { newRouteCounts, routedAbuseModels, routedSpamScorer } from '../../scripts/eval/stream-models.js';
import { ACTIONS, STREAM_JSON_KEYS, asksByLabel, formatExamples, formatStream, levelConfig, runStream, streamJson, topCardsRealQuestions } from '../../scripts/eval/stream.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/stream', import.meta.url));
const sets = readSets(FIXTURE);
/** A short stream (the CLI plays 16,000 lines; the tests keep to a few hundred or a few thousand). */
const SMALL: Partial<StreamOptions> = { lines: 900, durationMs: 6 * 60_000, viewers: 150, raids: 3, piiLines: 18, complaintMs: 30_000, complaintsPerS: 1 };

describe('the live stream builder', () => {
  it('is deterministic: same seed, same lines; another seed, other lines', () => {
    const a = buildStream(sets, SMALL);
    const b = buildStream(sets, SMALL);
    const key = (s: typeof a) => s.lines.map((l) => `${l.message.receivedAt}|${l.message.user.id}|${l.cls}|${l.message.text}|${l.message.user.firstMessage ?? ''}`);
    expect(key(b)).toEqual(key(a));
    expect(key(buildStream(sets, { ...SMALL, seed: 7 }))).not.toEqual(key(a));
  });

  it('has live-chat base rates, ~1/3 Chinese, lines in chat-time order within the duration, and names missing sets', () => {
    const s = buildStream(sets);
    const n = s.lines.length;
    expect(n).toBeGreaterThan(15_000);
    expect(n).toBeLessThanOrEqual(16_000);
    const share = (c: (typeof STREAM_CLASSES)[number]) => s.classCounts[c] / n;
    expect(share('question')).toBeGreaterThan(0.04);
    expect(share('question')).toBeLessThan(0.06);
    expect(share('abuse')).toBeGreaterThan(0.04);
    expect(share('abuse')).toBeLessThan(0.06);
    expect(share('spam')).toBeGreaterThan(0.03);
    expect(share('spam')).toBeLessThan(0.05);
    expect(share('chatter')).toBeGreaterThan(0.75);
    expect(s.classCounts.pii).toBeGreaterThanOrEqual(24);
    expect(s.classCounts.raid).toBeGreaterThanOrEqual(8 * 8);
    const zh = s.lines.filter((l) => l.zh).length / n;
    expect(zh).toBeGreaterThan(0.3);
    expect(zh).toBeLessThan(0.4);
    expect(s.viewers).toBeGreaterThan(1_700);
    expect(s.viewers).toBeLessThan(2_100);
    const times = s.lines.map((l) => l.message.receivedAt);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(times.at(-1)!).toBeLessThan(45 * 60_000);
    expect(s.missing).toEqual(['en-sentiment-semeval17']);
    // Heavy-tailed: the chattiest viewer says far more than the median one.
    const per = new Map<string, number>();
    for (const l of s.lines) per.set(l.message.user.id, (per.get(l.message.user.id) ?? 0) + 1);
    const counts = [...per.values()].sort((a, b) => b - a);
    expect(counts[0]!).toBeGreaterThan(20 * counts[counts.length >> 1]!);
    // A complaint burst: every complaint within 2–3 minutes.
    const c = s.lines.filter((l) => l.cls === 'complaint').map((l) => l.message.receivedAt);
    expect(Math.max(...c) - Math.min(...c)).toBeGreaterThanOrEqual(120_000);
    expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(180_000);
  });

  it('pastes each raid by 8–20 distinct viewers within 20 s', () => {
    const s = buildStream(sets, { ...SMALL, raids: 6 });
    const raids = new Map<number, Array<{ at: number; user: string }>>();
    for (const l of s.lines) if (l.cls === 'raid') raids.set(l.raid!, [...(raids.get(l.raid!) ?? []), { at: l.message.receivedAt, user: l.message.user.id }]);
    expect(raids.size).toBe(6);
    for (const copies of raids.values()) {
      expect(new Set(copies.map((c) => c.user)).size).toBe(copies.length);
      expect(copies.length).toBeGreaterThanOrEqual(8);
      expect(copies.length).toBeLessThanOrEqual(20);
      const at = copies.map((c) => c.at);
      expect(Math.max(...at) - Math.min(...at)).toBeLessThan(20_000);
    }
  });

  it('puts real personal data in the pii lines (checked by patterns independent of filters/pii.ts)', () => {
    const s = buildStream(sets, SMALL);
    const pii = s.lines.filter((l) => l.cls === 'pii');
    expect(pii.length).toBe(18);
    const idOk = (id: string): boolean => {
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...id.slice(0, 17)].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
      return '10X98765432'[sum % 11] === id[17];
    };
    for (const l of pii) {
      const t = l.message.text;
      const digitsOnly = t.replace(/[\s()-]/g, '').replace('+86', ' ');
      const ok =
        /(?<!\d)1[3-9]\d{9}(?!\d)/.test(digitsOnly) ||
        /\+(44|49|1)\d{9,11}/.test(digitsOnly) ||
        /[\w.]+@[\w-]+\.[a-z.]{2,}/i.test(t) ||
        (/\d{17}[\dX]/.test(t) && idOk(/\d{17}[\dX]/.exec(t)![0])) ||
        /(order number|订单号)\s*[A-Z]?\d{9,}/i.test(t) ||
        /(SF|JD)\d{12,13}/.test(t);
      expect(ok, t).toBe(true);
    }
    expect(pii.some((l) => l.zh)).toBe(true);
    expect(pii.some((l) => !l.zh)).toBe(true);
    expect(pii.some((l) => /1[3-9]\d \d{4} \d{4}/.test(l.message.text))).toBe(true); // with separators
  });

  it('flags a few first-time chatters on their first line only, and gives no roles', () => {
    const s = buildStream(sets, SMALL);
    const firstAt = new Map<string, number>();
    s.lines.forEach((l, i) => {
      if (!firstAt.has(l.message.user.id)) firstAt.set(l.message.user.id, i);
      expect(l.message.user.roles).toEqual([]);
    });
    const flagged = s.lines.map((l, i) => [l, i] as const).filter(([l]) => l.message.user.firstMessage);
    expect(flagged.length).toBeGreaterThan(0);
    for (const [l, i] of flagged) expect(firstAt.get(l.message.user.id)).toBe(i);
  });

  it('strips tweet artefacts chat never has, keeps inline mentions and links', () => {
    expect(chatText('RT @lord_j: @1017_Sqquad no... I want it &amp; more\nok')).toBe('no... I want it & more ok');
    expect(chatText('@USER @USER you did great @USER http://t.co/x')).toBe('you did great @USER http://t.co/x');
    expect(chatText('<a href="http://shop.example.com">my shop</a> visit&#39;s')).toBe("http://shop.example.com my shop visit's");
  });
});

describe('honest model scores', () => {
  const finding = (who: string): Finding => ({ filter: 'abuse.model', severity: 'medium', detail: who, score: 0.9 });
  const stub = (who: string, calls: string[]): AbuseModels => ({
    en: null,
    zh: null,
    score: (text) => {
      calls.push(`${who}:${text}`);
      return finding(who);
    },
  });

  it('never scores a trained row with the shipped model: its fold model does, routed by the original text', () => {
    const calls: string[] = [];
    const trainedRow = '@USER you are the worst person on this site honestly';
    const chatLine = chatText(trainedRow);
    const k = 5;
    const folds = Array.from({ length: k }, (_, f) => stub(`fold${f}`, calls));
    const counts = newRouteCounts();
    const origin = new Map([[chatLine, trainedRow]]);
    const models = routedAbuseModels(stub('shipped', calls), { en: { trained: new Set([textHash(trainedRow)]), folds, k }, zh: null }, (t) => origin.get(t) ?? t, counts);
    // Through the real engine, as the stream plays it.
    const engine = createFilterEngine(levelConfig('medium'), { abuseModels: models, spamModel: null });
    const msg = (text: string) => ({ id: text, platform: 't', channel: 'c', user: { id: 'u', name: 'u', displayName: 'u', roles: [] }, text, emotes: [], receivedAt: 0 });
    engine.check(msg(chatLine), 0);
    expect(calls).toEqual([`fold${foldOf(trainedRow, k)}:${chatLine}`]);
    engine.check(msg('an unseen line that nobody trained on here'), 1);
    expect(calls[1]).toBe('shipped:an unseen line that nobody trained on here');
    expect(counts).toEqual({ shipped: 1, fold: 1, unscored: 0 });
    // No fold models (too few trained rows under --data): no model score rather than the shipped one.
    const none = routedAbuseModels(stub('shipped', calls), { en: { trained: new Set([textHash(trainedRow)]), folds: [], k }, zh: null }, (t) => origin.get(t) ?? t);
    expect(none.score(chatLine, false)).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('routes the spam scorer the same way', () => {
    const seen: string[] = [];
    const shipped = { header: { threshold: 0.5, highThreshold: 0.9 }, probability: (t: string) => (seen.push(`shipped:${t}`), 0.99) };
    const folds = Array.from({ length: 5 }, (_, f) => ({ probability: (t: string) => (seen.push(`fold${f}:${t}`), 0.01) }));
    const scorer = routedSpamScorer(shipped, { trained: new Set([textHash('trained spam row')]), folds, k: 5 }, (t) => (t === 'trained spam row!!' ? 'trained spam row' : t));
    const lex = { low: false, medium: false, high: false };
    expect(scorer.probability('trained spam row!!', lex)).toBe(0.01);
    expect(seen).toEqual([`fold${foldOf('trained spam row', 5)}:trained spam row!!`]);
    expect(scorer.probability('other', lex)).toBe(0.99);
    // A cleaned line that equals a trained text (its own row untrained) also goes to that text's fold.
    seen.length = 0;
    const cleaned = routedSpamScorer(shipped, { trained: new Set([textHash('thanks so much')]), folds, k: 5 }, (t) => (t === 'thanks so much' ? '@USER thanks so much' : t));
    cleaned.probability('thanks so much', lex);
    expect(seen).toEqual([`fold${foldOf('thanks so much', 5)}:thanks so much`]);
  });
});

describe('eval --stream end to end (tiny fixture)', () => {
  const report = runStream(sets, () => {}, { stream: SMALL });

  it('plays every level through the pipeline and counts every line exactly once', () => {
    expect(report.levels.map((l) => l.level)).toEqual([...LEVELS]);
    const n = report.stream.lines.length;
    for (const { run, figures } of report.levels) {
      expect(run.verdicts).toHaveLength(n);
      const c = run.counters;
      expect(c.in).toBe(n);
      expect(c.allowed + c.flagged + c.held + c.blocked).toBe(n);
      // Per class the four outcome rates add up to 1; the class counts add up to the lines.
      for (const cls of STREAM_CLASSES) {
        if (report.stream.classCounts[cls] === 0) continue;
        expect(ACTIONS.reduce((a, x) => a + figures.rates[cls][x], 0)).toBeCloseTo(1, 9);
      }
    }
    expect(STREAM_CLASSES.reduce((a, c) => a + report.stream.classCounts[c], 0)).toBe(n);
    expect(INNOCENT_CLASSES).toContain('chatter');
  });

  it('catches raids and personal data with the default filters', () => {
    const medium = report.levels.find((l) => l.level === 'medium')!.figures;
    expect(medium.pii_caught_rate).toBeGreaterThan(0.8);
    expect(medium.raids_caught).toBeGreaterThan(0);
    expect(medium.raid_first_caught_copy).toBeGreaterThanOrEqual(1);
  });

  it('prints one JSON object with the stable keys, rates in 0..1', () => {
    const json = JSON.parse(JSON.stringify(streamJson(report))) as { stream: Record<string, unknown> };
    expect(json.stream['lines']).toBe(report.stream.lines.length);
    expect(json.stream['viewers']).toBe(report.stream.viewers);
    expect(Object.keys(json.stream['class_counts'] as object).sort()).toEqual([...STREAM_CLASSES].sort());
    for (const level of LEVELS) {
      const l = json.stream[level] as Record<string, unknown>;
      for (const key of STREAM_JSON_KEYS) expect(l, `${level}.${key}`).toHaveProperty(key);
      for (const key of STREAM_JSON_KEYS.filter((k) => k.endsWith('_rate'))) {
        expect(l[key]).toBeGreaterThanOrEqual(0);
        expect(l[key]).toBeLessThanOrEqual(1);
      }
      expect(typeof l['holds_per_1000']).toBe('number');
    }
  });

  it('judges the recurring-question cards of every chat-minute by the stream labels', () => {
    const t = report.topCards!;
    expect(t.level).toBe('medium');
    expect(t.cards).toBeGreaterThan(0);
    expect(t.cards).toBeLessThanOrEqual(5 * 6);
    expect(t.share).toBe(t.real / t.cards);
    expect(t.realStrict).toBeLessThanOrEqual(t.real);
    expect(t.cards - t.real).toBe(t.nonQuestion.length);
    const json = streamJson(report).stream;
    expect(json['top_cards_real_questions']).toBe(t.share);
    expect(json['top_cards_real_questions_strict']).toBe(t.shareStrict);
    expect(formatStream(report)).toContain('recurring-question cards (level medium, top 5 each chat-minute)');
  });

  it('counts a card as a non-question when its members are chatter', () => {
    const medium = report.levels.find((l) => l.level === 'medium')!;
    // every allowed line a question for the detector's eyes: relabel the stream's questions as chatter
    const chatterOnly = { ...report.stream, lines: report.stream.lines.map((l) => ({ ...l, cls: l.cls === 'question' ? ('chatter' as const) : l.cls, source: 'x' })) };
    const t = topCardsRealQuestions(chatterOnly, medium.run);
    expect(t.real).toBe(0);
    expect(t.nonQuestion.length).toBe(t.cards);
  });

  it('labels the demo chatter that asks the host (its templates, with the generator noise undone) as asking', () => {
    const line = (text: string, cls: 'chatter' | 'question' = 'chatter', source = 'demo') => ({ cls, source, message: { text } }) as Parameters<typeof asksByLabel>[0];
    expect(asksByLabel(line('whats the song'))).toBe(true);
    expect(asksByLabel(line('can yoou show it again??'))).toBe(true);
    expect(asksByLabel(line('zoom in on the denim jacket pls'))).toBe(true);
    expect(asksByLabel(line('背景音乐叫什么'))).toBe(true);
    expect(asksByLabel(line('love this stream'))).toBe(false);
    expect(asksByLabel(line('whats the song', 'chatter', 'en-sentiment-semeval17'))).toBe(false);
    expect(asksByLabel(line('anything', 'question', 'x'))).toBe(true);
  });

  it('draws the table and lists examples per class, outcome and filter', () => {
    const table = formatStream(report);
    expect(table).toMatch(/chatter\s+\d+\s+off/);
    expect(table).toContain('█');
    expect(table).toContain('missing (left out): en-sentiment-semeval17');
    const medium = report.levels.find((l) => l.level === 'medium')!;
    const keys = [...medium.breakdown.reasons.keys()];
    const ex = formatExamples(report, 2, ['medium']);
    for (const k of keys) expect(ex).toContain(k.replaceAll('|', ' | '));
  });
});
