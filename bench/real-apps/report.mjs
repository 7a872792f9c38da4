// The markdown table of BENCHMARKS.md's real-apps section, from run.mjs's results: one column per
// app and Node line, one row per measure; a cell says what failed rather than leaving it blank.
import { fmt } from '../lib/stats.mjs';

const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '-');
const ms = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US').replace(/,/g, ' ') : '-');
const yes = (b) => (b ? 'yes' : '**no**');

function changeCell(c) {
  if (!c) return '-';
  if (!c.completed) return `**failed** (exit ${c.exit})`;
  return `${c.via === 'slot' ? 'via slot' : `**via ${c.via}**`}, answer ${c.answer_changed ? 'changed' : '**unchanged**'}, pid ${c.same_pid ? 'same' : '**changed**'}`;
}

function skippedCell(list) {
  if (!list) return '-';
  return list.length ? `**${list.length}**: ${list.slice(0, 3).map((s) => `${s.file?.split('/node_modules/').pop()}:${s.line}`).join(', ')}` : '0';
}

function pauseCell(c) {
  return c?.pause ? `${fmt(c.pause.pause_ms)} (${fmt(c.pause.own_pause_ms)}; ${fmt(c.pause.own_pause_cpu_ms)})` : '-';
}

/** Wall-time ratio to plain node, then the CPU-time ratio (the figure that moves less with the load). */
function startupCell(a, k) {
  if (!a.startup) return '-';
  return `${ratio(a.startup.ratio[k])} (${ratio(a.startup.cpu_ratio?.[k])})`;
}

const ROWS = [
  ['starts under moult and serves', (a) => (a.daemon ? yes(!a.daemon.error && a.daemon.http) : a.error ? `**no**: ${a.error.split('\n')[0].slice(0, 80)}` : '-')],
  ['start-up to first answer, plain node (ms)', (a) => ms(a.startup?.median_ms.node)],
  ['… CPU time to first answer, plain node (ms)', (a) => ms(a.startup?.median_cpu_ms?.node)],
  ['moult preload, nothing instrumented / node: wall (CPU)', (a) => startupCell(a, 'preload_off')],
  ['moult, own packages, cold / node: wall (CPU)', (a) => startupCell(a, 'moult_cold')],
  ['moult, own packages, cached / node: wall (CPU)', (a) => startupCell(a, 'moult_cached')],
  ['whole tree instrumented, cold / node: wall (CPU)', (a) => startupCell(a, 'tree_cold')],
  ['whole tree instrumented, cached / node: wall (CPU) (issue 18 item 4: ≤ 1.15×)', (a) => startupCell(a, 'tree_cached')],
  ['instrumented modules: own packages / whole tree', (a) => a.startup && `${a.startup.instrumented_modules.own} / ${a.startup.instrumented_modules.tree}`],
  ['`instrument.skipped`: own / whole tree', (a) => a.startup && `${skippedCell(a.startup.skipped.own)} / ${skippedCell(a.startup.skipped.tree)}`],
  ['RSS at first answer: node / moult cached / tree cached (MB)', (a) => a.startup && `${fmt(a.startup.rss_mb.node)} / ${fmt(a.startup.rss_mb.moult_cached)} / ${fmt(a.startup.rss_mb.tree_cached)}`],
  ['RSS after the HTTP rounds: node / moult / tree (MB)', (a) => a.daemon?.rss_mb_after_load && `${fmt(a.daemon.rss_mb_after_load.node)} / ${fmt(a.daemon.rss_mb_after_load.own)} / ${fmt(a.daemon.rss_mb_after_load.tree)}`],
  ['HTTP req/s, plain node (median)', (a) => a.daemon?.http && ms(a.daemon.http.median_rps.node)],
  ['… moult (under moultd) / node: req/s (CPU per request)', (a) => a.daemon?.http && `${ratio(a.daemon.http.ratio.own)} (${ratio(a.daemon.http.cpu_ratio?.own)})`],
  ['… whole tree instrumented (under moultd) / node: req/s (CPU per request)', (a) => a.daemon?.http && `${ratio(a.daemon.http.ratio.tree)} (${ratio(a.daemon.http.cpu_ratio?.tree)})`],
  ['… latency p50 / p99 at the bench\'s connections (ms): node; moult; tree', (a) => a.daemon?.http?.latency_ms && ['node', 'own', 'tree'].map((k) => `${fmt(a.daemon.http.latency_ms[k].p50)} / ${fmt(a.daemon.http.latency_ms[k].p99)}`).join('; ')],
  ['… failed requests: node / moult / tree', (a) => a.daemon?.http && `${a.daemon.http.failed.node} / ${a.daemon.http.failed.own} / ${a.daemon.http.failed.tree}`],
  ['hot update of an internal function (`ctx.fn`)', (a) => changeCell(a.daemon?.update)],
  ['`moult patch` of a file', (a) => changeCell(a.daemon?.patch)],
  ['pause of the app during the first update / first patch: longest gap (own: less run-queue wait; its CPU) (ms)', (a) => a.daemon?.update && `${pauseCell(a.daemon.update)} / ${pauseCell(a.daemon.patch)}`],
  ['stack frames identical to plain node (file:line:column)', (a) => a.stack && a.stack.map((s) => `${s.same_positions ? 'yes' : `**no** (${s.diffs.length} differ)`} (${s.frames} frames, ${s.path})`).join('; ')],
  ['… with the whole tree instrumented', (a) => a.stack && a.stack.map((s) => (s.tree ? `${s.tree.same_positions ? 'yes' : `**no** (${s.tree.diffs.length} of ${s.tree.frames} differ)`} (${s.path})` : '-')).join('; ')],
  ['load average during the app (start → end, max)', (a) => a.load && `${fmt(a.load.loadavg_start)} → ${fmt(a.load.loadavg_end)} (max ${fmt(a.load.loadavg_max)}), busy ${fmt(a.load.busy_pct_median, 0)} %`],
];

export function markdown(results) {
  const cols = [];
  for (const [line, r] of Object.entries(results.lines)) {
    for (const [name, a] of Object.entries(r.apps)) cols.push({ head: `${a.label}, Node ${r.node.replace(/^v/, '')}`, a, name, line });
  }
  const head = `| measure (median) | ${cols.map((c) => c.head).join(' | ')} |`;
  const sep = `|---|${cols.map(() => '---').join('|')}|`;
  const rows = ROWS.map(([label, f]) => `| ${label} | ${cols.map((c) => {
    try { return f(c.a) ?? '-'; } catch { return '-'; }
  }).join(' | ')} |`);
  return [head, sep, ...rows].join('\n');
}
