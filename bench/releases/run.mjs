// Hot releases benchmark (issue 18): real CVE fixes of express 4's dependency tree, applied hot
// from the published release alone, into an express 4.19.1 app that keeps an in-memory counter.
// Per case: a fresh copy of the app under a fresh moult home, the exploit shown to work, the fix
// applied, then the exploit again, the pid, the counter and the longest event-loop block.
//   --mode files    today's way: `moult patch app <file> --target <path>` for each changed file
//   --mode release  `moult patch app --package <name>@<version>` (one transaction), with the
//                   recompute hooks a user declares for start-up state (bench/releases/recompute/;
//                   --no-recompute: without them, to show what the defaults refuse)
// Everything comes from the npm registry at run time (npm install / npm pack, cached in the
// bench's cache folder), so CI and the coordinator can run it.
// Usage: node bench/releases/run.mjs [--mode files|release] [--only cookie,send] [--json out]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBench } from '../lib/proc.mjs';
import { ROOT, checkBuilt, moult } from '../lib/supervisors.mjs';
import { machine, sleep, table, writeJson } from '../lib/stats.mjs';
import { exploits, count, lagMax } from './exploits.mjs';
import { freePort } from './ports.mjs';
import { installed, jsFiles, unpacked } from './registry.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const { values: opt } = parseArgs({
  options: {
    mode: { type: 'string', default: 'release' },
    // What updates.instrument covers: `deps` the app and the packages under test (their files take
    // the slot path), `all` every file of node_modules too, `default` the app's own files only.
    instrument: { type: 'string', default: 'deps' },
    only: { type: 'string', default: '' },
    'reload-if-needed': { type: 'boolean', default: false },
    recompute: { type: 'boolean', default: true },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'moult-bench-releases') },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'releases.json') },
  },
});
const log = (s) => process.stderr.write(s + '\n');

/** The 8 CVEs, by the release that fixes them (path-to-regexp 0.1.12 fixes two). */
export const CASES = [
  { pkg: 'path-to-regexp', from: '0.1.7', to: '0.1.12', cves: ['CVE-2024-45296', 'CVE-2024-52798'], recompute: 'routes.js' },
  { pkg: 'body-parser', from: '1.20.2', to: '1.20.3', cves: ['CVE-2024-45590'], recompute: 'body-parser.js' },
  { pkg: 'send', from: '0.18.0', to: '0.19.0', cves: ['CVE-2024-43799'] },
  { pkg: 'serve-static', from: '1.15.0', to: '1.16.0', cves: ['CVE-2024-43800'], recompute: 'serve-static.js' },
  { pkg: 'cookie', from: '0.6.0', to: '0.7.0', cves: ['CVE-2024-47764'] },
  { pkg: 'express', from: '4.19.1', to: '4.19.2', cves: ['CVE-2024-29041'] },
  { pkg: 'express', from: '4.19.1', to: '4.20.0', cves: ['CVE-2024-43796'], recompute: 'routes.js' },
];

/** The app with its vulnerable tree, installed once from the registry. */
function installedApp(cache) {
  const dir = installed(path.join(cache, 'express-app'), path.join(HERE, 'express-app'), log);
  fs.cpSync(path.join(HERE, 'express-app', 'app.js'), path.join(dir, 'app.js'));
  return dir;
}

/** The .js files of the package whose text differs between the two versions. */
function changedFiles(cache, c) {
  const a = unpacked(cache, c.pkg, c.from);
  const b = unpacked(cache, c.pkg, c.to);
  return jsFiles(b).filter((f) => !fs.existsSync(path.join(a, f)) || fs.readFileSync(path.join(a, f), 'utf8') !== fs.readFileSync(path.join(b, f), 'utf8'))
    .map((f) => ({ rel: f, file: path.join(b, f) }));
}

async function oneCase(cache, c) {
  const template = installedApp(cache);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-rel-'));
  const appDir = path.join(work, 'app');
  fs.cpSync(template, appDir, { recursive: true });
  const port = await freePort();
  const eco = path.join(appDir, 'ecosystem.json');
  fs.writeFileSync(eco, JSON.stringify({ apps: [{ name: 'app', script: 'app.js', cwd: appDir, env: { PORT: String(port) }, ...(opt.instrument === 'default' ? {} : { updates: { instrument: opt.instrument === 'all' ? ['**/*.js'] : ['*.js', `node_modules/{${[...new Set(CASES.map((k) => k.pkg))].join(',')}}/**/*.js`] } }) }] }));
  const m = moult(path.join(work, 'home'));
  const row = { case: `${c.pkg} ${c.from} → ${c.to}`, cves: c.cves, mode: opt.mode, instrument: opt.instrument };
  try {
    await m.cliOk(['start', eco]);
    await waitPort(port);
    const before = {};
    for (const cve of c.cves) before[cve] = await exploits[cve](port);
    row.exploit_before = before;
    const c1 = await count(port);
    await lagMax(port);
    const outcomes = [];
    if (opt.mode === 'files') {
      for (const f of changedFiles(cache, c)) {
        const target = path.join('node_modules', c.pkg, f.rel);
        const r = await m.cli(['patch', 'app', f.file, '--target', target, '--json'], { timeoutMs: 120_000 });
        outcomes.push({ file: f.rel, code: r.code, out: summarize(r) });
      }
    } else {
      const hooks = opt.recompute && c.recompute ? ['--recompute', path.join(HERE, 'recompute', c.recompute)] : [];
      if (hooks.length) row.recompute = `bench/releases/recompute/${c.recompute}`;
      const r = await m.cli(['patch', 'app', '--package', `${c.pkg}@${c.to}`, '--json', ...hooks, ...(opt['reload-if-needed'] ? ['--reload-if-needed'] : [])], { timeoutMs: 300_000 });
      outcomes.push({ file: '(release)', code: r.code, out: summarize(r) });
      row.paths = paths(r);
    }
    row.patch = outcomes;
    row.pause_ms = (await lagMax(port)).max_ms;
    const after = {};
    for (const cve of c.cves) after[cve] = await exploits[cve](port);
    row.exploit_after = after;
    const c2 = await count(port);
    row.same_pid = c1.pid === c2.pid;
    row.state_kept = c2.counter === c1.counter + 1;
    row.fixed = c.cves.every((cve) => before[cve].vulnerable && !after[cve].vulnerable) && row.same_pid && row.state_kept;
  } catch (err) {
    row.error = err.message;
    row.fixed = false;
  } finally {
    await m.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return row;
}

function summarize(r) {
  const text = `${r.stdout}${r.stderr}`.trim();
  try {
    const j = JSON.parse(r.stdout);
    if (j.release?.fallback) return `${j.release.fallback}: ${j.release.reason ?? ''}`.slice(0, 400);
    return JSON.stringify(j.instances?.map((i) => i.rejected ?? i.updates?.map((u) => `${u.outcome}${u.error ? `: ${u.error}` : ''}${u.via ? ` via ${u.via}` : ''}`)) ?? j).slice(0, 400);
  } catch {
    return text.slice(0, 400);
  }
}

/** The path each file took (update.applied events, or the fallback), from the --json answer. */
function paths(r) {
  try {
    const j = JSON.parse(r.stdout);
    return (j.release?.files ?? []).map((f) => `${f.file}: ${f.via}`);
  } catch {
    return [];
  }
}

async function waitPort(port) {
  for (let i = 0; i < 200; i++) {
    try { await count(port); return; } catch { await sleep(100); }
  }
  throw new Error(`the app never answered on port ${port}`);
}

runBench(async () => {
  checkBuilt();
  fs.mkdirSync(opt.cache, { recursive: true });
  const only = opt.only ? new Set(opt.only.split(',')) : null;
  const rows = [];
  for (const c of CASES) {
    if (only && !only.has(c.pkg) && !c.cves.some((x) => only.has(x)) && !only.has(`${c.pkg}@${c.to}`)) continue;
    log(`== ${c.pkg} ${c.from} → ${c.to} (${c.cves.join(', ')}), mode ${opt.mode}`);
    const row = await oneCase(opt.cache, c);
    log(JSON.stringify(row, null, 1));
    rows.push(row);
  }
  const fixed = rows.reduce((n, r) => n + (r.fixed ? r.cves.length : 0), 0);
  const total = rows.reduce((n, r) => n + r.cves.length, 0);
  console.log(table(['case', 'CVEs', 'before', 'patch', 'after', 'pid', 'state', 'pause ms', 'fixed'], rows.map((r) => [
    r.case, r.cves.join(' '), Object.values(r.exploit_before ?? {}).map((e) => (e.vulnerable ? 'vuln' : 'ok')).join('/'),
    (r.patch ?? []).map((p) => `${p.file}: ${p.code}`).join('; ') || r.error, Object.values(r.exploit_after ?? {}).map((e) => (e.vulnerable ? 'VULN' : 'ok')).join('/'),
    r.same_pid ? 'same' : 'new', r.state_kept ? 'kept' : 'lost', r.pause_ms?.toFixed?.(1) ?? '-', r.fixed ? 'yes' : 'no',
  ])));
  console.log(`fixed hot: ${fixed}/${total} CVEs (mode ${opt.mode}, node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  writeJson(opt.out, { machine: machine(), mode: opt.mode, node: process.version, rows, fixed, total });
});
