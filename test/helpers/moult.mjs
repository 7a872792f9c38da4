// Shared by the daemon and CLI tests: a fresh MOULT_HOME and app folder per test, the real CLI
// (`node bin/moult.js`) run with that home, and the structured log read and awaited by pattern.
// Every sandbox cleans up after itself: `moult kill`, then any process of the sandbox that is
// still alive (its apps, its daemon) is SIGKILLed by pid.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'bin', 'moult.js');

/**
 * Runs `moult ...args` with this MOULT_HOME. Resolves with {code, signal, stdout, stderr, ms};
 * never rejects (a CLI that hangs past `timeoutMs` is SIGKILLed and reported with code null).
 * `cli` runs another build's bin/moult.js (a previous release, for upgrade tests).
 */
export function runCli(home, args, { cwd, timeoutMs = 15_000, env = {}, cli = CLI } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: cwd ?? os.tmpdir(),
      env: { ...process.env, ...env, MOULT_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut: signal === 'SIGKILL' });
    });
  });
}

/** Pretty form of a CLI result, for assertion messages. */
export const show = (r) => `exit ${r.code}${r.signal ? ` (${r.signal})` : ''} after ${r.ms} ms\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

// ---------------------------------------------------------------------------------------------
// The structured log

export function logFile(home) {
  return path.join(home, 'logs', 'moultd.log');
}

/** Every JSON line of $MOULT_HOME/logs/moultd.log so far (a partial last line is left out). */
export function readEvents(home) {
  let text;
  try {
    text = fs.readFileSync(logFile(home), 'utf8');
  } catch {
    return [];
  }
  const end = text.lastIndexOf('\n');
  if (end === -1) return [];
  const out = [];
  for (const raw of text.slice(0, end).split('\n')) {
    if (!raw.trim()) continue;
    try {
      out.push(JSON.parse(raw));
    } catch {
      out.push({ $raw: raw });
    }
  }
  return out;
}

/**
 * Pattern: every key must match the event's value. A RegExp is searched in String(value), a
 * function is a predicate, null matches a missing value, anything else compares as a string
 * (so `instance: 1` matches 1 and "1").
 */
export function matches(event, pattern) {
  for (const [key, want] of Object.entries(pattern)) {
    const have = event[key];
    if (want === null) {
      if (have !== undefined && have !== null) return false;
    } else if (want instanceof RegExp) {
      if (have === undefined || !want.test(typeof have === 'object' ? JSON.stringify(have) : String(have))) return false;
    } else if (typeof want === 'function') {
      if (!want(have, event)) return false;
    } else if (have === undefined || String(have) !== String(want)) {
      return false;
    }
  }
  return true;
}

export const findEvents = (home, pattern) => readEvents(home).filter((e) => matches(e, pattern));

const brief = (e) => {
  if (e.$raw) return `(raw) ${e.$raw.slice(0, 120)}`;
  const keys = ['event', 'app', 'instance', 'pid', 'update', 'reason', 'code', 'signal', 'restarts', 'delay_ms', 'msg'];
  return keys.filter((k) => e[k] !== undefined).map((k) => `${k}=${String(e[k]).slice(0, 100)}`).join(' ');
};

export const tail = (home, n = 15) => readEvents(home).slice(-n).map(brief).join('\n');

/**
 * Waits for the `count`-th event matching `pattern` at or after index `from` of the log.
 * Resolves with {event, index, events}; rejects after `timeoutMs` with the log's tail.
 */
export async function waitForEvent(home, pattern, { timeoutMs = 10_000, from = 0, count = 1 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = readEvents(home);
    let seen = 0;
    for (let i = from; i < events.length; i++) {
      if (matches(events[i], pattern) && ++seen === count) return { event: events[i], index: i, events };
    }
    if (Date.now() > deadline) {
      throw new Error(`no${count > 1 ? ` ${count}×` : ''} event matching ${describe(pattern)} within ${timeoutMs} ms; log tail:\n${tail(home)}`);
    }
    await sleep(40);
  }
}

const describe = (p) => JSON.stringify(p, (_k, v) => (v instanceof RegExp ? `/${v.source}/` : typeof v === 'function' ? '<fn>' : v));

/** Polls `fn` (sync or async) until it returns a truthy value; rejects with `what` after timeoutMs. */
export async function waitFor(fn, what, { timeoutMs = 10_000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Processes

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** True if the process carries this MOULT_HOME in its environment (so we never kill a stranger). */
function belongsTo(pid, home) {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`MOULT_HOME=${home}`);
  } catch {
    return false;
  }
}

function pidsFromState(home) {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(home, 'state.json'), 'utf8'));
    // Instances, and cluster apps' primaries (a primary outlives a killed daemon, like its workers).
    return (s.apps ?? []).flatMap((a) => [...(a.instances ?? []).map((i) => i.pid), a.primary?.pid]).filter(Number.isInteger);
  } catch {
    return [];
  }
}

function daemonPid(home) {
  try {
    const n = Number(fs.readFileSync(path.join(home, 'moultd.pid'), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Sandboxes

/** Live processes that run an app of this home (moult's preload in argv, MOULT_HOME in env). */
export function appProcesses(home) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const env = fs.readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (cmd.includes(path.join('runtime', 'preload.js')) && env.includes(`MOULT_HOME=${home}`) && isAlive(Number(d))) out.push(Number(d));
    } catch { /* gone, or not ours */ }
  }
  return out.sort((a, b) => a - b);
}

/**
 * Sends one request on a raw connection to the home's moultd.sock (past the CLI's checks) and
 * resolves with {frame, bytes}: its error or result frame, and that frame's length.
 */
export function controlRequest(home, body, { timeoutMs = 8000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection(path.join(home, 'moultd.sock'));
    let rest = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`no answer within ${timeoutMs} ms`)); }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop();
      for (const p of parts) {
        if (!p.trim()) continue;
        const f = JSON.parse(p);
        if (f.type === 'progress') continue;
        clearTimeout(timer);
        sock.destroy();
        resolve({ frame: f, bytes: p.length });
      }
    });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.once('connect', () => sock.write(JSON.stringify({ id: 1, ...body }) + '\n'));
  });
}

/** Every live process whose environment carries this MOULT_HOME (the daemon, its apps, their children). */
export function homeProcesses(home) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (/^\d+$/.test(d) && belongsTo(Number(d), home) && isAlive(Number(d))) out.push(Number(d));
  }
  return out;
}

/**
 * Runs `fn` while counting the processes of this home: should more than `max` appear (a limit on
 * how many processes moult starts did not hold), the daemon is SIGKILLed first (no more spawns),
 * then every process of the home, and the guard throws. A failing limit test stays a few dozen
 * processes, never a fork bomb on the shared machine.
 */
export async function forkGuard(home, max, fn) {
  let tripped = 0;
  const timer = setInterval(() => {
    const procs = homeProcesses(home);
    if (procs.length <= max) return;
    tripped = Math.max(tripped, procs.length);
    const d = daemonPid(home);
    if (d) try { process.kill(d, 'SIGKILL'); } catch { /* gone */ }
    for (const p of homeProcesses(home)) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }, 20);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    // eslint-disable-next-line no-unsafe-finally -- the fork guard's error must win over the test's own
    if (tripped) throw new Error(`fork guard: ${tripped} processes of ${home} (limit ${max}): killed them all`);
  }
}

/**
 * A fresh folder with `home/` (MOULT_HOME, created by the daemon) and `app/` (the apps' files).
 * Given the test's `t`, registers a teardown that stops everything it started; without one (a
 * sandbox shared by a file's tests, made in test.before), call `cleanup()` in test.after.always.
 */
export function sandbox(t, prefix = 'moult-t-') {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(root, 'home');
  const appDir = path.join(root, 'app');
  fs.mkdirSync(appDir);
  const pids = new Set();

  const sb = {
    root,
    home,
    appDir,
    /** `moult ...args` in the app folder with this home. */
    cli: (args, opts = {}) => runCli(home, args, { cwd: appDir, ...opts }),
    /** Writes files (name → content) into the app folder; returns the folder. */
    files(files) {
      for (const [name, content] of Object.entries(files)) {
        const file = path.join(appDir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      }
      return appDir;
    },
    /** Writes ecosystem.json (or `name`) with these apps and returns its path. */
    ecosystem(apps, name = 'ecosystem.json') {
      sb.files({ [name]: { apps } });
      return path.join(appDir, name);
    },
    /** `moult ls --json`, parsed; also remembers every pid for the teardown. */
    async ls() {
      const r = await sb.cli(['ls', '--json']);
      if (r.code !== 0) throw new Error(`moult ls --json failed: ${show(r)}`);
      const list = JSON.parse(r.stdout);
      for (const i of list) if (i.pid) pids.add(i.pid);
      return list;
    },
    events: () => readEvents(home),
    find: (pattern) => findEvents(home, pattern),
    waitEvent: (pattern, opts) => waitForEvent(home, pattern, opts),
    tail: (n) => tail(home, n),
    remember: (pid) => pid && pids.add(pid),
    /** Stops what the sandbox started; removes its folder unless `keepFiles` (a caller unmounts first). */
    async cleanup({ keepFiles = false } = {}) {
      if (sb.cleaned) return; // a test's own teardown may have run it already
      sb.cleaned = true;
      const daemonUp = fs.existsSync(path.join(home, 'moultd.sock'));
      // Every pid the tests saw in `moult ls --json`, plus every pid the daemon ever logged for an
      // app (each spawn logs app.started with its pid) and those in state.json: a superset of
      // what one more `moult ls --json` would list, without paying for another CLI run.
      for (const p of pidsFromState(home)) pids.add(p);
      for (const e of readEvents(home)) if (e.pid && (e.event?.startsWith('app.') || e.event === 'daemon.started' || e.event === 'cluster.primary')) pids.add(e.pid);
      const d = daemonPid(home);
      if (d) pids.add(d);
      if (daemonUp || d) await runCli(home, ['kill'], { timeoutMs: 10_000 });
      // `moult kill` returns when the daemon answers; give it (and its apps) a moment to exit.
      const alive = () => [...pids].filter((p) => isAlive(p) && belongsTo(p, home));
      const deadline = Date.now() + 3000;
      while (alive().length && Date.now() < deadline) await sleep(50);
      const leftovers = alive();
      for (const p of leftovers) {
        try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
      }
      if (leftovers.length) {
        const what = leftovers.map((p) => `${p} (${p === d ? 'daemon' : 'app'})`).join(', ');
        sb.leftovers = leftovers;
        process.stderr.write(`[moult test] \`moult kill\` left ${what} of ${home} running: SIGKILLed\n`);
      }
      // Anything else that carries this home in its environment: an app's own children.
      const strays = homeProcesses(home);
      for (const p of strays) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
      if (strays.length) process.stderr.write(`[moult test] processes of ${home} left running (an app's children?): ${strays.join(', ')}: SIGKILLed\n`);
      if (keepFiles) return;
      if (!process.env.MOULT_TEST_KEEP) fs.rmSync(root, { recursive: true, force: true });
      else process.stderr.write(`[moult test] kept ${root}\n`);
    },
  };
  if (t) t.teardown(() => sb.cleanup());
  return sb;
}

/** SIGKILL of the sandbox's daemon (a crash): resolves once it is gone; its apps run on. */
export async function killDaemon(sb) {
  const pid = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  await waitFor(() => !isAlive(pid), `daemon ${pid} gone`);
}

/** `moult start <ecoFile>`; throws unless it exits 0 and every listed instance is app.online. */
export async function startAndWaitOnline(sb, ecoFile, { apps = {}, timeoutMs = 10_000 } = {}) {
  const from = sb.events().length;
  const r = await sb.cli(['start', ecoFile]);
  if (r.code !== 0) throw new Error(`moult start ${ecoFile} failed: ${show(r)}`);
  for (const [app, instances] of Object.entries(apps)) {
    for (let i = 0; i < instances; i++) await sb.waitEvent({ event: 'app.online', app, instance: i }, { from, timeoutMs });
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// App sources

/** An app that prints a line every `ms` and otherwise idles. */
export const tickerApp = (label = 'tick', ms = 200) =>
  `let n = 0;\nsetInterval(() => console.log(${JSON.stringify(label)}, process.pid, n++), ${ms});\n`;

/**
 * The app of conformance case safe-redefine, made long-running: a task calls func_v1 every 200 ms
 * (logging `v1` through the runtime); update.js swaps in func_v2 (`v2`) once func_v1 is quiescent.
 */
export const REDEFINE_APP = `const { ThreadedManager, DsuTask, log } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');
function func_v1() { log('v1'); console.log('v1'); }
async function main() {
  for (;;) {
    await sleep(200);
    func_v1();
  }
}
const task = new DsuTask({ name: 'app', main });
const manager = new ThreadedManager({ name: 'pymoult', tasks: [task] });
module.exports = { func_v1, task, manager };
task.start();
`;

export const REDEFINE_UPDATE = `const { SafeRedefineUpdate, log } = require('moult/runtime');
function func_v2() { log('v2'); console.log('v2'); }
module.exports = (ctx) => {
  const main = ctx.main;
  const update = new SafeRedefineUpdate(main, main.func_v1, func_v2, { name: 'func', tasks: [main.task] });
  main.manager.addUpdate(update);
};
`;

/**
 * A task that keeps a local across an await: changing it (updateLocalVar, LOCALS_UPDATE `locals`)
 * cannot be taken back, so `moult rollback` undoes it cold (restarts the instance without it).
 */
export const LOCALS_APP = `const { ThreadedManager, DsuTask, log } = require('moult/runtime');
async function talk(i) {
  let text = 'Hello';
  await new Promise((r) => setTimeout(r, 150));
  log(text + ' ' + i);
}
async function main() {
  for (let i = 0; ; i++) await talk(i);
}
const task = new DsuTask({ name: 'app', main });
const manager = new ThreadedManager({ name: 'pymoult', tasks: [task] });
module.exports = { talk, task, manager };
task.start();
`;

export const LOCALS_UPDATE = `const { Update, updateLocalVar } = require('moult/runtime');
module.exports = (ctx) => {
  class Locals extends Update {
    waitAlterability() { return true; }
    apply() { updateLocalVar(ctx.main.talk, 'text', 'Hi'); }
  }
  return new Locals({ name: 'locals' });
};
`;
