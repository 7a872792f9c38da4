// What the real-apps bench measures on one server process: time to its first HTTP answer, its RSS,
// its throughput under autocannon, and the frames of its request path (stack traces). Every
// comparison is made by the caller in interleaved rounds; this file only takes one sample.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { start, stop } from '../lib/proc.mjs';
import { cpuMs, readRssKb } from '../lib/supervisors.mjs';
import { sleep } from '../lib/stats.mjs';
import { freePort, get } from '../lib/net.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const STACK_PROBE = path.join(HERE, 'stack-probe.cjs');
export const PAUSE_PROBE = path.join(HERE, 'pause-probe.cjs');

/** Polls GET urlPath until the server answers with a status below 500. Resolves the answer. */
export async function waitAnswer(port, urlPath, { timeoutMs = 120_000, child = null, everyMs = 20 } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering`);
    try {
      const res = await get(port, urlPath, { timeoutMs: 2000 });
      if (res.status < 500) return res;
    } catch { /* not listening yet */ }
    if (performance.now() > deadline) throw new Error(`no answer on :${port}${urlPath} within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/**
 * Spawns `node [nodeArgs] entry [args]` and times spawn → first HTTP answer on urlPath. Returns
 * {ms, cpu_ms, rss_kb, stderr, child} (the child still running: the caller stops it, or keeps it).
 */
export async function timeToFirstAnswer({ node, nodeArgs, entry, args, env, cwd, port, urlPath, timeoutMs = 180_000, asDaemonDoes = null }) {
  const t0 = performance.now();
  // asDaemonDoes = a log file: the process is started as moultd starts an app (its own session,
  // stdout and stderr appended to a file), so that plain node and an app under moultd are served
  // alike by the scheduler (Linux autogroups go by session). Measured under load: plain node in
  // the bench's own session answered 1.2-3.3x the requests of the same server in a session of
  // its own, which made moult look up to 3x slower than it is.
  const out = asDaemonDoes ? fs.openSync(asDaemonDoes, 'a') : null;
  const child = start(node, [...nodeArgs, entry, ...args], { cwd, env, ...(out !== null ? { detached: true, stdio: ['ignore', out, out] } : {}) });
  if (out !== null) fs.closeSync(out);
  let stderr = '';
  child.stderr?.on('data', (d) => { if (stderr.length < 20_000) stderr += d; });
  child.stdout?.resume();
  try {
    await waitAnswer(port, urlPath, { timeoutMs, child });
  } catch (err) {
    await stop(child);
    if (asDaemonDoes) try { stderr = fs.readFileSync(asDaemonDoes, 'utf8'); } catch { /* none */ }
    throw new Error(`${err.message}\nstderr: ${stderr.slice(-4000)}`, { cause: err });
  }
  const ms = performance.now() - t0;
  return { ms, cpu_ms: cpuMs(child.pid), rss_kb: readRssKb(child.pid), child, stderr: () => stderr };
}

/**
 * autocannon against one server for `seconds`; resolves requests per second, failures and, given
 * the server's pid, its CPU time per request (µs).
 */
export async function throughput(port, urlPath, { seconds, connections = 10, pid = null }) {
  const cpu0 = pid ? cpuMs(pid) : 0;
  const r = await autocannon({ url: `http://127.0.0.1:${port}${urlPath}`, connections, duration: seconds, pipelining: 1 });
  const cpu = pid ? cpuMs(pid) - cpu0 : NaN;
  return {
    rps: r.requests.total / seconds,
    cpu_us_per_req: (1000 * cpu) / r.requests.total,
    total: r.requests.total,
    failed: r.errors + r.timeouts + r.non2xx,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
  };
}

/** The frames of a stack text: [{name, where}] where `where` is file:line:column. */
export function framesOf(stack) {
  return stack.split('\n').slice(1).map((l) => l.trim()).filter((l) => l.startsWith('at ')).map((l) => {
    const m = /^at (?:(.*?) \()?(.*?)\)?$/.exec(l);
    return { name: m?.[1] ?? '', where: m?.[2] ?? l, line: l };
  });
}

/** Compares two stacks frame by frame: positions (the criterion) and function names (info). */
export function compareStacks(plain, moult) {
  const a = framesOf(plain);
  const b = framesOf(moult);
  const diffs = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]?.where !== b[i]?.where) diffs.push({ frame: i, plain: a[i]?.line ?? null, moult: b[i]?.line ?? null });
  }
  const names = a.filter((f, i) => b[i] && f.where === b[i].where && f.name !== b[i].name).length;
  return { frames: a.length, same_positions: diffs.length === 0, diffs, name_differences: names };
}

/** The stack the stack probe put in the answer to GET urlPath (base64 in a header). */
export async function probedStack(port, urlPath) {
  const res = await get(port, urlPath, { headers: { 'x-bench-stack': '1' }, maxHeaderSize: 1 << 20 });
  const h = res.headers['x-bench-stack'];
  if (!h) throw new Error(`GET ${urlPath}: no x-bench-stack header (status ${res.status})`);
  return Buffer.from(h, 'base64').toString('utf8');
}

/** The `instrument.skipped` events of a runtime log file (MOULT_LOG), as {file, line, reason}. */
export function skippedIn(logFile) {
  let text = '';
  try { text = fs.readFileSync(logFile, 'utf8'); } catch { return []; }
  return text.split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return null; } })
    .filter((e) => e?.event === 'instrument.skipped').map((e) => ({ file: e.file, line: e.line, reason: e.reason }));
}

/** How many modules the cache folder holds (one entry per instrumented module: its code in `<key>.m`). */
export function cacheEntries(dir) {
  try { return fs.readdirSync(dir).filter((f) => f.endsWith('.m')).length; } catch { return 0; }
}

export { stop, freePort, get };
