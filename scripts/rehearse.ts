/**
 * `npm run rehearse -- --transcript FILE [--config NEW.yaml] [--lang en|zh] [--json]`: replays a
 * recorded show (start it with "record transcript" ticked, or POST /api/shows/start {"record": true};
 * the file is data/transcripts/<show>.jsonl) through the settings of NEW.yaml — or, without
 * --config, through the settings the show ran with — and prints the review and the difference to
 * what happened live (server/shows/rehearse.ts).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config-load.js';
import { diffText, parseTranscript, rehearse } from '../server/shows/rehearse.js';
import { reviewText } from '../server/shows/review.js';

const { values } = parseArgs({ options: { transcript: { type: 'string' }, config: { type: 'string' }, lang: { type: 'string', default: 'en' }, json: { type: 'boolean' } } });
if (!values.transcript) {
  process.stderr.write('usage: npm run rehearse -- --transcript FILE [--config NEW.yaml] [--lang en|zh] [--json]\n');
  process.exit(2);
}
const transcript = parseTranscript(readFileSync(values.transcript, 'utf8'));
const { config } = loadConfig(values.config);
const r = rehearse(transcript, config, { recordedSettings: !values.config });
const lang = values.lang === 'zh' ? 'zh' : 'en';
if (values.json) {
  process.stdout.write(`${JSON.stringify({ review: r.review, live: r.live.totals, liveReview: r.live, diff: r.diff, elapsedMs: Math.round(r.elapsedMs), chatSpanMs: r.chatSpanMs })}\n`);
} else {
  const speed = r.elapsedMs > 0 ? Math.round(r.chatSpanMs / r.elapsedMs) : 0;
  process.stdout.write(`${lang === 'zh' ? '排练' : 'Rehearsal'}: ${transcript.msgs.length} ${lang === 'zh' ? '条评论' : 'messages'}, ${Math.round(r.elapsedMs)} ms (${speed}× ${lang === 'zh' ? '实时' : 'real time'})${transcript.invalid ? `, ${transcript.invalid} invalid line(s) skipped` : ''}\n\n`);
  process.stdout.write(`${reviewText(r.review, lang)}\n\n${diffText(r, lang)}\n`);
}
