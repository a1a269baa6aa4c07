/**
 * npm start's log lines in the terminal's language (server/log-text.ts): with the Chinese table the
 * parts log in Chinese around the machine details (names, ids, paths), with none in English as before.
 * The catalogue's completeness is checked with the others in i18n.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ThemeSchema } from '../../config/protocol.js';
import { EngageConfigSchema } from '../../config/engage.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { Engage } from '../../server/engage/engage.js';
import { LOG_TEXT, logTextFor } from '../../server/log-text.js';
import { LiveOverlay } from '../../server/overlay/live-overlay.js';
import { initialOverlay } from '../../server/overlay/reducer.js';
import { createInsightsView } from '../../server/pipeline/insights-view.js';
import { Store } from '../../server/store/store.js';
import { msg } from '../support/engage.js';
import { testConfig } from '../support/app.js';

const CJK = /[\u3400-\u9fff]/;
const apps: RunningApp[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const s of stores.splice(0)) s.close();
});

describe('the log lines under --lang zh', () => {
  it('picks the table by language (English unless Chinese)', () => {
    expect(logTextFor('zh-CN')).toBe(LOG_TEXT.zh);
    expect(logTextFor('en')).toBe(LOG_TEXT.en);
    expect(logTextFor(undefined)).toBe(LOG_TEXT.en);
  });

  it('a mood alert reads in Chinese, the themes as the chat said them', () => {
    const logs: string[] = [];
    const overlay = new LiveOverlay(initialOverlay(ThemeSchema.parse({})), { save: () => {}, publish: () => {} });
    const alerts = [[{ themes: ['shipping', '退款'] }, { themes: [] }]];
    const show = createInsightsView({ publish: () => {}, overlay, drainAlerts: () => alerts.shift() ?? [], log: (l) => logs.push(l), logText: LOG_TEXT.zh });
    show({ clusters: [], mood: { index: 0, negativeShare: 0, alert: null, timeline: [] } });
    expect(logs).toEqual(['情绪：负面情绪在上升（shipping, 退款）', '情绪：负面情绪在上升（没有明确的话题）']);
  });

  it('a draw voided at a restart says so in Chinese, with its keyword', () => {
    const scheduler = new VirtualTimeScheduler();
    const store = new Store(':memory:');
    stores.push(store);
    const engage = (log: (l: string) => void = () => {}) =>
      new Engage({ config: EngageConfigSchema.parse({}), scheduler, store, publish: () => {}, log, logText: LOG_TEXT.zh });
    const first = engage();
    first.run({ kind: 'draw.open', keyword: 'want', prize: 'Scarf', durationMs: 60_000, winners: 1 }, 'p');
    first.observe(msg('v1', 'want'));
    first.stop();
    const logs: string[] = [];
    engage((l) => logs.push(l));
    expect(logs).toEqual(['互动：抽奖“want”在重启时还在报名；已作废，未抽取']);
  });

  it('the app passes the table to its parts: a bad FAQ file and an auto-reply with no sender are told in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'showrunner-logtext-'));
    const faqFile = join(dir, 'faq.yaml');
    writeFileSync(faqFile, 'not: [a, faq');
    const logs: string[] = [];
    apps.push(await startApp(testConfig({ faqFile, autoReply: { enabled: true } }), { log: (l) => logs.push(l), logText: LOG_TEXT.zh }));
    const faq = logs.find((l) => l.includes(faqFile));
    expect(faq).toMatch(/^常见问题：.*faq\.yaml 不是有效的常见问题文件（.*）；以空的常见问题开始$/s);
    expect(logs).toContain('自动回复：配置里已启用，但没有能发评论的来源（请设置 twitch.username 和 TWITCH_OAUTH_TOKEN）');
    for (const l of logs) expect(l, l).toMatch(CJK);
  });

  it('without a table the app logs in English, as before', async () => {
    const logs: string[] = [];
    apps.push(await startApp(testConfig({ autoReply: { enabled: true } }), { log: (l) => logs.push(l) }));
    expect(logs).toContain('auto-reply: enabled in the config, but no source can send chat (set twitch.username and TWITCH_OAUTH_TOKEN)');
  });
});
