// Node-RED 3.1.5 → 3.1.15, applied pair by pair into one running instance (issue 18): ten
// consecutive releases of node-red and its @node-red/* packages (their own files; third-party
// dependencies stay as 3.1.5 installed them). Per pair:
//   --mode files    today's way: `moult patch nr <file> --target <path>` per changed JS file
//   --mode release  `moult patch nr <release folder> [--reload-if-needed]`: one transaction
// and which of the changed files the instance had loaded went in hot. At the end the instance's
// admin API (GET /settings, /flows, /nodes) is compared with a fresh start of the tree on disk.
// Usage: node bench/releases/nodered.mjs [--mode release] [--reload-if-needed] [--pairs 10]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { runBench } from '../lib/proc.mjs';
import { ROOT, checkBuilt, moult } from '../lib/supervisors.mjs';
import { sleep, writeJson } from '../lib/stats.mjs';
import { installed, jsFiles, unpacked } from './registry.mjs';
import { freePort } from './ports.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const { values: opt } = parseArgs({
  options: {
    mode: { type: 'string', default: 'release' },
    'reload-if-needed': { type: 'boolean', default: false },
    pairs: { type: 'string', default: '10' },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'moult-bench-releases') },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'releases-nodered.json') },
  },
});
const log = (s) => process.stderr.write(s + '\n');
const VERSIONS = Array.from({ length: 11 }, (_, i) => `3.1.${5 + i}`);
const PACKAGES = ['node-red', '@node-red/editor-api', '@node-red/nodes', '@node-red/registry', '@node-red/runtime', '@node-red/util'];

/** The structured log's events (JSON lines). */
function readEvents(home) {
  try {
    return fs.readFileSync(path.join(home, 'logs', 'moultd.log'), 'utf8').split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return {}; } });
  } catch {
    return [];
  }
}

function get(port, p) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, headers: { accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

async function waitUp(port) {
  for (let i = 0; i < 600; i++) {
    try { if ((await get(port, '/settings')).status === 200) return; } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error('Node-RED never answered');
}

async function adminApi(port) {
  const out = {};
  for (const p of ['/settings', '/flows', '/nodes']) {
    const r = await get(port, p);
    out[p] = r.status === 200 && r.body.startsWith('{') || r.body.startsWith('[') ? JSON.parse(r.body) : r.body;
  }
  return out;
}

/** The release folder of one version: node-red's packages laid out as in the app's node_modules. */
function releaseDir(cache, version) {
  const dir = path.join(cache, 'nodered-releases', version);
  if (!fs.existsSync(dir)) {
    for (const p of PACKAGES) fs.cpSync(unpacked(cache, p, version), path.join(dir, 'node_modules', p), { recursive: true });
  }
  return dir;
}

function changedJs(cache, from, to) {
  const out = [];
  for (const p of PACKAGES) {
    const a = unpacked(cache, p, from);
    const b = unpacked(cache, p, to);
    for (const f of jsFiles(b)) {
      if (f.startsWith('public/')) continue; // the editor's browser code
      const old = path.join(a, f);
      if (!fs.existsSync(old) || fs.readFileSync(old, 'utf8') !== fs.readFileSync(path.join(b, f), 'utf8')) out.push({ rel: `node_modules/${p}/${f}`, file: path.join(b, f) });
    }
  }
  return out;
}

runBench(async () => {
  checkBuilt();
  const template = installed(path.join(opt.cache, 'nodered-app'), path.join(HERE, 'nodered-app'), log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-nr-'));
  const appDir = path.join(work, 'app');
  fs.cpSync(template, appDir, { recursive: true });
  const userDir = path.join(work, 'user');
  fs.mkdirSync(userDir);
  const port = await freePort();
  const m = moult(path.join(work, 'home'));
  const eco = path.join(work, 'eco.json');
  fs.writeFileSync(eco, JSON.stringify({ apps: [{ name: 'nr', script: 'node_modules/node-red/red.js', cwd: appDir, args: ['--userDir', userDir, '--port', String(port)],
    updates: { instrument: ['node_modules/node-red/**/*.js', 'node_modules/@node-red/**/*.js'], max_tries: 30, sleep_time: '100ms' } }] }));
  const rows = [];
  try {
    await m.cliOk(['start', eco]);
    await waitUp(port);
    const [{ pid }] = await m.list();
    for (let i = 0; i < Number(opt.pairs); i++) {
      const [from, to] = [VERSIONS[i], VERSIONS[i + 1]];
      const changed = changedJs(opt.cache, from, to);
      const row = { pair: `${from} → ${to}`, changed_js: changed.length };
      log(`== ${row.pair}: ${changed.length} changed JS files`);
      if (opt.mode === 'files') {
        const out = { hot: 0, refused: 0, not_loaded: 0, reasons: [] };
        for (const c of changed) {
          // --target is relative to the entry module's folder (node_modules/node-red).
          const target = path.relative(path.join(appDir, 'node_modules', 'node-red'), path.join(appDir, c.rel));
          const r = await m.cli(['patch', 'nr', c.file, '--target', target, '--json'], { timeoutMs: 120_000 });
          const text = `${r.stdout}${r.stderr}`;
          if (/no loaded module/.test(text)) out.not_loaded++;
          else if (r.code === 0) out.hot++;
          else {
            out.refused++;
            let why = text;
            try { const j = JSON.parse(r.stdout); why = j.instances.map((i) => i.rejected ?? i.updates.map((u) => u.error).join('; ')).join(' | '); } catch { /* the text */ }
            out.reasons.push(`${c.rel}: ${why.replace(/\s+/g, ' ').slice(0, 300)}`);
          }
        }
        Object.assign(row, out, { loaded_changed: out.hot + out.refused });
        // Today's patches leave the tree on disk as it was: write it, as a deploy would.
        fs.cpSync(releaseDir(opt.cache, to), appDir, { recursive: true });
      } else {
        const t0 = Date.now();
        const r = await m.cli(['patch', 'nr', releaseDir(opt.cache, to), '--json', ...(opt['reload-if-needed'] ? ['--reload-if-needed'] : [])], { timeoutMs: 300_000 });
        row.ms = Date.now() - t0;
        let j = null;
        try { j = JSON.parse(r.stdout); } catch { row.error = `${r.stdout}${r.stderr}`.slice(0, 600); }
        row.code = r.code;
        row.fallback = j?.release?.fallback ?? null;
        row.reason = j?.release?.reason ?? j?.instances?.[0]?.rejected ?? null;
        row.stood = j?.release?.stood ?? false;
        row.files_sent = j?.release?.files_sent;
        if (row.fallback) {
          // Restarted (fork) on the new tree: wait until it serves again before the next pair.
          for (let k = 0; k < 600 && (await m.list()).some((x) => x.status !== 'online'); k++) await sleep(100);
          await waitUp(port);
        }
        // The path each file took, from the release's update.applied (every instance logs one).
        const applied = readEvents(m.home).filter((e) => e.event === 'update.applied' && e.update === `release:${to}`).at(-1);
        const via = (applied?.files ?? []).reduce((acc, f) => ({ ...acc, [f.via]: (acc[f.via] ?? 0) + 1 }), {});
        row.paths = via;
        row.loaded_changed = row.fallback ? row.files_sent - (via['not-loaded'] ?? 0) : (via.slot ?? 0) + (via.liveedit ?? 0) + (via['slot+liveedit'] ?? 0);
        row.hot = row.fallback || !row.stood ? 0 : row.loaded_changed;
        // Files that could have gone in hot, had the pair not been one transaction.
        row.refused_files = row.fallback ? (String(row.reason).match(/(?:^|; )[^:;]+\.js:/g) ?? []).length : 0;
      }
      rows.push(row);
      log(JSON.stringify(row));
    }
    const [{ pid: pidAfter }] = await m.list();
    const loaded = rows.reduce((n, r) => n + (r.loaded_changed ?? 0), 0);
    const hot = rows.reduce((n, r) => n + (r.hot ?? 0), 0);
    const hotApi = await adminApi(port);
    await m.cliOk(['restart', 'nr']);
    await waitUp(port);
    const freshApi = await adminApi(port);
    // The version strings Node-RED read from its package.json files at start-up are the one known
    // difference: a hot release does not re-run start-up (they are compared with each side's
    // own version replaced by VERSION, and listed).
    const norm = (api, version) => JSON.stringify(api).split(JSON.stringify(version)).join('"VERSION"');
    const diff = [];
    for (const k of Object.keys(hotApi)) {
      if (norm(hotApi[k], hotApi['/settings']?.version) !== norm(freshApi[k], freshApi['/settings']?.version)) diff.push(k);
    }
    const summary = { mode: opt.mode, reload_if_needed: opt['reload-if-needed'], node: process.version, load: os.loadavg(), same_pid: pid === pidAfter, admin_api_differs: diff, changed_loaded_js: loaded, applied_hot: hot, share_hot: loaded ? hot / loaded : null,
      versions: { hot: hotApi['/settings']?.version, fresh: freshApi['/settings']?.version }, rows };
    writeJson(opt.out, summary);
    console.log(JSON.stringify(summary, null, 1));
  } finally {
    await m.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
