// The rewrite's verdict on many files at once (runtime/instrument/check.ts, the check behind
// `moult check`), spread over child processes (2: the machine's cores) and cached by content:
// a file is checked again only when it, the instrumenter, the Node version or the parser change.
// The cache lives in node_modules/.cache/moult-rewrite-check/ (one JSON per instrumenter).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../runtime/helpers.mjs';

const CHILD = path.join(root, 'dist/runtime/instrument/check-files.js');
const INSTRUMENTER = ['rewrite.js', 'function-table.js', 'check.js', 'compiles.js'].map((f) => path.join(root, 'dist/runtime/instrument', f));
const CACHE = path.join(root, 'node_modules/.cache/moult-rewrite-check');

function runChild(files) {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--experimental-vm-modules', '--no-warnings', '--stack-size=4000', CHILD], { maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`check-files failed: ${err.message}\n${stderr.slice(0, 2000)}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin.end(JSON.stringify({ files }));
  });
}

/**
 * Verdicts for `items` ([{file, type?}]), in order: {file, status, reason?, line?, ...}.
 * `workers` children share the files not in the cache, by size.
 */
export async function checkFiles(items, { workers = Math.min(2, os.availableParallelism?.() ?? 2) } = {}) {
  const version = crypto.createHash('sha256');
  for (const f of INSTRUMENTER) version.update(fs.readFileSync(f));
  version.update(process.version).update(fs.readFileSync(path.join(root, 'node_modules/meriyah/package.json')));
  const cacheFile = path.join(CACHE, `${version.digest('hex').slice(0, 16)}.json`);
  let cache = {};
  try { cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')); } catch { /* first run */ }
  const keys = items.map(({ file, type }) => crypto.createHash('sha256').update(type ?? '-').update('\0').update(fs.readFileSync(file)).digest('hex'));
  // Each content once (node_modules holds the same file in several places).
  const todo = [];
  const queued = new Set();
  items.forEach((item, i) => {
    if (cache[keys[i]] || queued.has(keys[i])) return;
    queued.add(keys[i]);
    todo.push({ ...item, i, size: fs.statSync(item.file).size });
  });
  // Largest first, each to the lightest child.
  const shares = Array.from({ length: workers }, () => ({ size: 0, items: [] }));
  for (const t of todo.sort((a, b) => b.size - a.size)) {
    const s = shares.reduce((a, b) => (a.size <= b.size ? a : b));
    s.size += t.size;
    s.items.push(t);
  }
  const results = await Promise.all(shares.filter((s) => s.items.length).map(async (s) => {
    const verdicts = await runChild(s.items.map(({ file, type }) => (type ? { file, type } : { file })));
    return verdicts.map((v, j) => [s.items[j].i, v]);
  }));
  for (const [i, v] of results.flat()) {
    const { file, ...verdict } = v;
    cache[keys[i]] = verdict;
  }
  if (todo.length) {
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify(cache));
    fs.renameSync(`${cacheFile}.${process.pid}`, cacheFile);
  }
  return items.map(({ file }, i) => ({ file, ...cache[keys[i]], cached: !queued.has(keys[i]) }));
}

/** Every .js, .cjs and .mjs file under `dir` (symlinks not followed). */
export function jsFiles(dir, { skip = () => false } = {}) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (skip(p)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(c|m)?js$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
