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
import { diffText, headerText, parseTranscript, rehearse } from '../server/shows/rehearse.js';
import { reviewText } from '../server/shows/review.js';

const { values } = parseArgs({ options: { transcript: { type: 'string' }, config: { type: 'string' }, lang: { type: 'string', default: 'en' }, json: { type: 'boolean' } } });
if (!values.transcript) {
  process.stderr.write('usage: npm run rehearse -- --transcript FILE [--config NEW.yaml] [--lang en|zh] [--json]\n');
  process.exit(2);
}
const transcript = parseTranscript(readFileSync(values.transcript, 'utf8'));
const { config } = loadConfig(values.config);
const lang = values.lang === 'zh' ? 'zh' : 'en';
const r = rehearse(transcript, config, { recordedSettings: !values.config, lang });
if (values.json) {
  process.stdout.write(`${JSON.stringify({ review: r.review, live: r.live.totals, liveReview: r.live, diff: r.diff, elapsedMs: Math.round(r.elapsedMs), chatSpanMs: r.chatSpanMs })}\n`);
} else {
  process.stdout.write(`${headerText(r, transcript.msgs.length, transcript.invalid, lang)}\n\n`);
  process.stdout.write(`${reviewText(r.review, lang)}\n\n${diffText(r, lang)}\n`);
}
