/**
 * `npm run bench [-- --json] [--quick] [--only NAME,...] [--overload-s N]`: prints each issue's figures, each as a
 * ratio against a baseline measured in the same run where one exists. `--json` prints one JSON
 * object with stable keys (listed in the README) on stdout; progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import type { ChatMessage } from '../config/chat.js';
import { buildCorpus } from './corpus.js';
import type { BenchFigures, BenchPlugin } from './types.js';

const PLUGINS: readonly { name: string; module: string; exportName: string; keys: readonly string[] }[] = [
  { name: 'pipeline', module: './pipeline.js', exportName: 'benchPipeline', keys: ['pipeline_us_per_msg', 'pipeline_msgs_per_s', 'pipeline_vs_badwords'] },
  { name: 'filters', module: './filters.js', exportName: 'benchFilters', keys: ['filters_us_per_msg', 'filters_vs_badwords', 'filters_vs_obscenity'] },
  { name: 'insights', module: './insights.js', exportName: 'benchInsights', keys: ['rss_mb_after_1m_msgs'] },
  { name: 'moderation', module: './moderation.js', exportName: 'benchModeration', keys: ['hold_to_moderator_ms_p50', 'hold_to_moderator_ms_p99'] },
  { name: 'overlay', module: './overlay.js', exportName: 'benchOverlay', keys: ['action_to_overlay_ms_p50', 'action_to_overlay_ms_p95', 'overlay_js_gzip_kb'] },
  { name: 'obs', module: './obs.js', exportName: 'benchObs', keys: ['cue_to_obs_ms_p50', 'cue_to_obs_ms_p95'] },
  { name: 'ingest', module: './ingest.js', exportName: 'benchIngest', keys: ['ingest_msgs_per_s', 'ingest_msgs_per_s_frame1', 'ingest_msgs_per_s_frame100', 'ingest_vs_pipeline', 'health_ms_p99', 'overload_hold_to_moderator_ms_p99', 'ingest_conserved'] },
  { name: 'platforms', module: './platforms.js', exportName: 'benchPlatforms', keys: ['tiktok_us_per_msg', 'youtube_us_per_msg'] },
  { name: 'simulcast', module: './simulcast.js', exportName: 'benchSimulcast', keys: ['simulcast_hold_to_moderator_ms_p99', 'simulcast_msgs_per_s'] },
  { name: 'restart', module: './restart.js', exportName: 'benchRestart', keys: ['restart_ms'] },
  { name: 'shows', module: './shows.js', exportName: 'benchShows', keys: ['show_aggregate_us_per_msg', 'rehearse_speedup', 'review_open_ms', 'review_data_kb'] },
  { name: 'engage', module: './engage.js', exportName: 'benchEngage', keys: ['draw_ms', 'draw_ms_max', 'engage_us_per_entry'] },
  { name: 'vote', module: './engage.js', exportName: 'benchVote', keys: ['vote_to_overlay_ms_p50', 'vote_to_overlay_ms_p95', 'vote_bench_msgs_per_s'] },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, only: { type: 'string' }, 'overload-s': { type: 'string' } } });
  const json = values.json ?? false;
  const only = values.only ? new Set(values.only.split(',')) : null;
  const out = json ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => process.stdout.write(`${line}\n`);
  let corpus: ChatMessage[] | null = null;
  const ctx = {
    quick: values.quick ?? false,
    ...(values['overload-s'] ? { overloadSeconds: Math.min(600, Math.max(1, Number(values['overload-s']))) } : {}),
    log: out,
    corpus: async () => {
      if (!corpus) {
        process.stderr.write('building the 200,000-line corpus from the demo transcript…\n');
        corpus = buildCorpus(200_000);
      }
      return corpus;
    },
  };
  const figures: BenchFigures = {};
  const selected = PLUGINS.filter((p) => !only || only.has(p.name));
  for (const [i, p] of selected.entries()) {
    process.stderr.write(`[${i + 1}/${selected.length}] ${p.name}…\n`);
    out(`\n== ${p.name}`);
    let plugin: BenchPlugin | undefined;
    try {
      plugin = ((await import(p.module)) as Record<string, BenchPlugin>)[p.exportName];
    } catch (err) {
      out(`   not available: ${(err as Error).message.split('\n')[0]}`);
    }
    if (!plugin) {
      for (const k of p.keys) figures[k] = null;
      continue;
    }
    try {
      Object.assign(figures, await plugin(ctx));
    } catch (err) {
      out(`   failed: ${(err as Error).stack ?? String(err)}`);
      for (const k of p.keys) figures[k] ??= null;
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else {
    out('\n== summary (npm run bench -- --json prints these keys)');
    for (const [k, v] of Object.entries(figures)) out(`   ${k.padEnd(28)} ${v ?? 'n/a'}`);
  }
  // Plugins that start browsers or servers close them; anything left would keep node alive.
  process.exit(0);
}

void main();
