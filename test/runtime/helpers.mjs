// Shared by the runtime tests: each test runs a real app in a child process,
//   node --require dist/runtime/preload.js app.js
// in a scratch folder, in standalone mode (MOULT_LOG=<dir>/events.jsonl), and sends it updates
// through the PipeListener (FIFO) or Listener (unix socket) the app starts itself.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const preload = path.join(root, 'dist/runtime/preload.js');

const POLL_MS = 20;

/** Does `event` match `pattern`? Values: primitives compare with ===, RegExps test String(value), functions are predicates. */
export function matches(event, pattern) {
  for (const [k, want] of Object.entries(pattern)) {
    const got = event[k];
    if (want instanceof RegExp) {
      if (got === undefined || !want.test(String(got))) return false;
    } else if (typeof want === 'function') {
      if (!want(got, event)) return false;
    } else if (got !== want) return false;
  }
  return true;
}

/** Index of the first event at or after `from` that matches, or -1. */
export function findIndex(events, pattern, from = 0) {
  for (let i = Math.max(0, from); i < events.length; i++) if (matches(events[i], pattern)) return i;
  return -1;
}

export function filter(events, pattern, from = 0, to = events.length) {
  return events.slice(Math.max(0, from), to).filter((e) => matches(e, pattern));
}

/** The app.log lines (msg) of a slice of events. */
export function logs(events, from = 0, to = events.length) {
  return filter(events, { event: 'app.log' }, from, to).map((e) => e.msg);
}

/** One line per event, for failure messages. */
export function summary(events) {
  return events.map((e) => {
    const extra = ['update', 'task', 'point', 'reason', 'mode', 'steps', 'tries', 'error']
      .filter((k) => e[k] !== undefined).map((k) => `${k}=${JSON.stringify(e[k])}`).join(' ');
    return `  #${e.seq} ${e.event}${e.event === 'app.log' ? ` "${e.msg}"` : ''}${extra ? ` ${extra}` : ''}`;
  }).join('\n');
}

/** Asserts that `patterns` match events in this order (not necessarily adjacent); returns their indexes. */
export function assertOrder(t, events, patterns, from = 0) {
  const at = [];
  let i = from;
  for (const p of patterns) {
    const j = findIndex(events, p, i);
    if (j === -1) {
      t.fail(`expected ${JSON.stringify(p, (_k, v) => (v instanceof RegExp ? String(v) : v))} after ${at.length ? `#${events[at.at(-1)].seq}` : 'the start'}; events:\n${summary(events)}`);
      return at;
    }
    at.push(j);
    i = j + 1;
  }
  t.pass();
  return at;
}

/** Asserts that no event after the first match of `anchor` matches `forbidden`. */
export function assertNoneAfter(t, events, anchor, forbidden) {
  const a = findIndex(events, anchor);
  if (a === -1) return t.fail(`anchor ${JSON.stringify(anchor)} never happened; events:\n${summary(events)}`);
  const bad = findIndex(events, forbidden, a + 1);
  if (bad !== -1) return t.fail(`event #${events[bad].seq} ${JSON.stringify(events[bad])} came after ${JSON.stringify(anchor)}; events:\n${summary(events)}`);
  t.pass();
}

/** Writes `files` ({name: content}) into a fresh scratch folder. */
export function scratch(files = {}, prefix = 'moult-runtime-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A running standalone app. */
export class App {
  constructor(dir, script, env) {
    this.dir = dir;
    this.script = script;
    this.logFile = path.join(dir, 'events.jsonl');
    this.stdout = '';
    this.stderr = '';
    this.exitInfo = null;
    this.started = Date.now();
    this.child = spawn(process.execPath, ['--require', preload, script], {
      cwd: dir,
      env: { ...process.env, MOULT_LOG: this.logFile, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8').on('data', (d) => { this.stdout += d; });
    this.child.stderr.setEncoding('utf8').on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal, ms: Date.now() - this.started };
        resolve(this.exitInfo);
      });
    });
  }

  path(name) {
    return path.join(this.dir, name);
  }

  /** Every complete event line written so far. */
  events() {
    let text = '';
    try { text = fs.readFileSync(this.logFile, 'utf8'); } catch { return []; }
    const lines = text.split('\n');
    lines.pop(); // an incomplete (or empty) last line
    return lines.filter(Boolean).map((l) => JSON.parse(l));
  }

  describe() {
    return `events:\n${summary(this.events())}\nstderr:\n${this.stderr.slice(-4000)}`;
  }

  /** Waits for the first event matching `pattern` at or after index `from`; resolves {event, index, events}. */
  async waitFor(pattern, { from = 0, timeout = 10000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const exitedBefore = this.exitInfo !== null;
      const events = this.events();
      const index = findIndex(events, pattern, from);
      if (index !== -1) return { event: events[index], index, events };
      const show = JSON.stringify(pattern, (_k, v) => (v instanceof RegExp ? String(v) : v));
      if (exitedBefore) throw new Error(`the app exited (${JSON.stringify(this.exitInfo)}) without ${show}\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${show}\n${this.describe()}`);
      await sleep(POLL_MS);
    }
  }

  /** Waits for the app to exit; kills it and throws after `timeout`. */
  async waitExit(timeout = 10000) {
    let timer;
    const r = await Promise.race([this.exited, new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeout); })]);
    clearTimeout(timer);
    if (r === null) {
      this.kill();
      throw new Error(`the app did not exit within ${timeout} ms\n${this.describe()}`);
    }
    return r;
  }

  /** Writes one line to the app's FIFO once it exists and has a reader (the app's PipeListener). */
  async writeFifo(name, line, timeout = 10000) {
    const fifo = this.path(name);
    const deadline = Date.now() + timeout;
    for (;;) {
      let st = null;
      try { st = fs.statSync(fifo); } catch { /* not yet */ }
      if (st && !st.isFIFO()) throw new Error(`${name} exists but is not a FIFO`);
      if (st) {
        try {
          const fd = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
          try { fs.writeSync(fd, `${line}\n`); } finally { fs.closeSync(fd); }
          return;
        } catch (e) {
          if (e.code !== 'ENXIO' && e.code !== 'EAGAIN') throw e;
        }
      }
      if (this.exitInfo) throw new Error(`the app exited before reading ${name}\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`timed out: ${name} ${st ? 'has no reader' : 'never appeared'}\n${this.describe()}`);
      await sleep(POLL_MS);
    }
  }

  /** Sends one command line to the app's Listener socket and resolves its one-line answer. */
  async command(sockName, line, timeout = 10000) {
    const sock = this.path(sockName);
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        return await new Promise((resolve, reject) => {
          const c = net.connect(sock);
          let buf = '';
          const timer = setTimeout(() => { c.destroy(); reject(Object.assign(new Error(`no answer to ${line}`), { code: 'ETIMEOUT' })); }, Math.max(100, deadline - Date.now()));
          c.setEncoding('utf8');
          c.on('connect', () => c.write(`${line}\n`));
          c.on('data', (d) => {
            buf += d;
            const nl = buf.indexOf('\n');
            if (nl !== -1) { clearTimeout(timer); c.end(); resolve(buf.slice(0, nl)); }
          });
          c.on('error', (e) => { clearTimeout(timer); reject(e); });
        });
      } catch (e) {
        if (e.code !== 'ENOENT' && e.code !== 'ECONNREFUSED') throw e;
        if (this.exitInfo) throw new Error(`the app exited before its listener answered\n${this.describe()}`, { cause: e });
        if (Date.now() > deadline) throw new Error(`timed out connecting to ${sockName}\n${this.describe()}`, { cause: e });
        await sleep(POLL_MS);
      }
    }
  }

  kill() {
    if (this.exitInfo === null) {
      try { this.child.kill('SIGKILL'); } catch { /* gone */ }
    }
  }
}

/**
 * Writes `files` into a scratch folder and starts `script` there. The app is killed and the
 * folder removed when the test ends (kept when MOULT_KEEP_TMP is set).
 */
export function startApp(t, files, { script = 'app.js', env = {} } = {}) {
  const dir = scratch(files);
  const app = new App(dir, script, env);
  t.teardown(async () => {
    app.kill();
    await Promise.race([app.exited, sleep(2000)]);
    if (!process.env.MOULT_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
    else t.log(`kept ${dir}`);
  });
  return app;
}

/** Waits for a clean exit (code 0) and returns every event. */
export async function finish(t, app, timeout = 10000) {
  const r = await app.waitExit(timeout);
  t.is(r.code, 0, `the app should exit 0 by itself\n${app.describe()}`);
  return app.events();
}
