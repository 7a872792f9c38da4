// Child processes for the benchmarks: run a command and time it, keep long-running children, and
// make sure that everything this run started (directly, or through a daemon) is gone at the end,
// even on an error or Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const children = new Set();
const cleanups = [];
const envMarkers = new Set();
let cleaning = null;

/** Runs a command to its exit. Resolves {code, signal, stdout, stderr, ms}; ms = spawn to exit. */
export function run(cmd, args, { env = process.env, cwd, timeoutMs = 60_000, duringCleanup = false } = {}) {
  // Once cleaning up, nothing new starts (a CLI call could start a daemon again) but the cleanup's own.
  if (cleaning && !duringCleanup) return Promise.reject(new Error(`not started, cleaning up: ${cmd} ${args.join(' ')}`));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    let ms = NaN;
    let exit = null;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timeout after ${timeoutMs} ms: ${cmd} ${args.join(' ')}\n${stderr}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ ...exit, stdout, stderr, ms });
    };
    child.on('error', (err) => { clearTimeout(timer); children.delete(child); reject(err); });
    child.on('exit', (code, signal) => {
      ms = performance.now() - t0;
      exit = { code, signal };
      // A daemon started in the background may hold a copy of our pipes: do not wait for it.
      const grace = setTimeout(finish, 200);
      child.once('close', () => { clearTimeout(grace); finish(); });
    });
  });
}

/** Runs a command and fails unless it exits 0. */
export async function runOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Spawns a long-running child (a server, a load generator) that cleanup() will kill. */
export function start(cmd, args, opts = {}) {
  if (cleaning) throw new Error(`not started, cleaning up: ${cmd} ${args.join(' ')}`);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Resolves with the first stdout line of child (rejects on exit or timeout). */
export function firstLine(child, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    let buf = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stderr?.on('data', (d) => { err += d; });
    child.stdout.on('data', function onData(d) {
      buf += d;
      const i = buf.indexOf('\n');
      if (i === -1) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(buf.slice(0, i));
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code} before a line: ${err}`)); });
  });
}

/** Kills a child and waits for it to be gone (SIGTERM, then SIGKILL after graceMs). */
export function stop(child, graceMs = 2000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}

/**
 * Processes started indirectly (daemons and the apps they spawn) carry an environment variable
 * with a value unique to this run, e.g. MOULT_HOME=/tmp/moult-bench-XXXX/moult: such processes
 * are found by that exact value, never by name.
 */
export function markEnv(assignment) {
  envMarkers.add(assignment);
}

export function pidsWithEnv(assignment) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (env.includes(assignment)) found.push(Number(entry));
    } catch { /* gone, or not ours */ }
  }
  return found;
}

function killMarkedSync() {
  for (const m of envMarkers) {
    for (const pid of pidsWithEnv(m)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
}

/** An async step for cleanup() (e.g. `moult kill`), run before the forced kills. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

/** Runs the cleanup steps, kills the children, then anything still carrying one of our markers. */
export function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try { await fn(); } catch (err) { process.stderr.write(`cleanup: ${err.message}\n`); }
    }
    for (const c of children) c.kill('SIGKILL');
    // A CLI call killed half-way may have spawned a daemon just before: look more than once.
    for (let i = 0; i < 3; i++) {
      killMarkedSync();
      await new Promise((r) => setTimeout(r, 300));
    }
    const left = [...envMarkers].flatMap(pidsWithEnv);
    if (left.length) process.stderr.write(`cleanup: processes still there after SIGKILL: ${left.join(', ')}\n`);
  })();
  return cleaning;
}

/** Ctrl-C, SIGTERM and a plain exit all end what this run started. */
export function installExitHandlers() {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: cleaning up\n`);
      cleanup().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
    killMarkedSync();
  });
}

/** Runs a benchmark's main: exit handlers first, every started process cleaned up whatever happens. */
export function runBench(main) {
  installExitHandlers();
  main()
    .catch((err) => {
      process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
      process.exitCode = 1;
    })
    .finally(() => cleanup());
}
