// Several real daemons on one machine acting as the hosts of one fleet (SPEC 8): each has its own
// MOULT_HOME and `host` name and runs `moult run eco.json` (the daemon reads daemon.fleet there),
// with one web app whose /health the fleet's health gate checks.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, ROOT, sandbox, runCli, show, waitFor, isAlive } from '../helpers/moult.mjs';
import { SKIP_FLEET, freePort, startEtcd } from './etcd.mjs';
import { slowLine, slowSuitesRun } from '../helpers/slow-line.mjs';

// /health for the gate; / greets, /count shows in-memory state that a restart would lose.
export const WEB_APP = `
const http = require('node:http');
let served = 0;
const healthStatus = () => 200;
const greet = () => 'hello v1';
const routes = { '/health': () => [healthStatus(), 'health'], '/count': () => [200, String(served)] };
http.createServer((req, res) => {
  served++;
  const [status, body] = (routes[req.url] ?? (() => [200, greet()]))();
  res.statusCode = status;
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
module.exports = { healthStatus, greet };
`;
export const GOOD_UPDATE = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.greet, () => 'hello v2', { name: 'v2' });
`;
export const SICK_UPDATE = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.healthStatus, () => 500, { name: 'sick' });
`;

/** An update named `name` after which / greets "hello <name>". */
export const greetUpdate = (name) => `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.greet, () => 'hello ${name}', { name: '${name}' });
`;

/**
 * An update named `name` after which /health answers `status` where the app's environment says so:
 * `when` is a JavaScript condition on `env` (the app's process.env) and `fs`, e.g.
 * "env.ZONE === 'us'" (a bad zone) or "fs.existsSync(env.SICK_FLAG)" (sick once the test says so).
 */
export const healthUpdate = (name, when, status = 500) => `const { SafeRedefineUpdate } = require('moult/runtime');
const fs = require('node:fs');
const env = process.env;
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.healthStatus, () => ((${when}) ? ${status} : 200), { name: '${name}' });
`;

export async function get(port, p = '/') {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(2000) });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { status: 0, body: String(err) };
  }
}

/**
 * A host: a sandbox whose daemon runs in the foreground (`moult run`) in the fleet at `etcdUrl`.
 * Returns {name, sb, port, start(), kill(), pids(), fleetCli(args)}.
 */
export async function fleetHost(name, etcdUrl, { prefix = '/moult', labels = {}, trustedKeys = [], env = {} } = {}) {
  const sb = sandbox(null, `moult-fleet-${name}-`);
  const port = await freePort();
  sb.files({ 'app.js': WEB_APP });
  const eco = path.join(sb.appDir, 'ecosystem.json');
  // SICK_FLAG: a file whose presence makes healthUpdate(…, "fs.existsSync(env.SICK_FLAG)") sick.
  const sickFlag = path.join(sb.root, 'sick');
  fs.writeFileSync(eco, JSON.stringify({
    apps: [{ name: 'web', script: 'app.js', env: { PORT: port, SICK_FLAG: sickFlag, ...env }, health: { http: `http://127.0.0.1:${port}/health`, timeout: '2s' } }],
    daemon: { fleet: { etcd: [etcdUrl], host: name, labels, prefix }, trusted_keys: trustedKeys },
  }));
  let daemon = null;
  let paused = false;
  const halt = async (signal) => {
    if (!daemon) return;
    const d = daemon;
    daemon = null;
    if (paused) host.cont();
    try { process.kill(d.pid, signal); } catch { /* gone */ }
    await waitFor(() => !isAlive(d.pid), `daemon ${d.pid} gone after ${signal}`, { timeoutMs: 10_000 });
    fs.rmSync(path.join(sb.home, 'moultd.sock'), { force: true });
  };
  const host = {
    name, sb, port, eco, sickFlag,
    daemonPid: () => daemon?.pid ?? null,
    /** SIGSTOP of the daemon: a partition (it neither hears etcd nor writes; its app runs on). */
    pause() {
      process.kill(daemon.pid, 'SIGSTOP');
      paused = daemon.pid;
    },
    /** SIGCONT: the partition heals. */
    cont() {
      if (!paused) return;
      try { process.kill(paused, 'SIGCONT'); } catch { /* gone */ }
      paused = false;
    },
    /** What / answers (the version the app serves). */
    served: async () => (await get(port)).body,
    health: async () => (await get(port, '/health')).status,
    sick: (on = true) => (on ? fs.writeFileSync(sickFlag, '1') : fs.rmSync(sickFlag, { force: true })),
    /** Starts the daemon; resolves once it joined the fleet and the app answers. */
    async start() {
      const from = sb.events().length;
      const out = fs.openSync(path.join(sb.root, 'daemon.out'), 'a');
      daemon = spawn(process.execPath, [CLI, 'run', eco], { cwd: sb.appDir, env: { ...process.env, MOULT_HOME: sb.home }, stdio: ['ignore', out, out], detached: true });
      fs.closeSync(out);
      sb.remember(daemon.pid);
      await sb.waitEvent({ event: 'fleet.joined', host: name }, { from, timeoutMs: 15_000 });
      await waitFor(async () => (await get(port, '/health')).status === 200, `${name}'s app answering`, { timeoutMs: 15_000 });
    },
    /** SIGKILL: the daemon dies, its app runs on (detached), as after a crash. */
    kill: () => halt('SIGKILL'),
    /** SIGTERM: the daemon stops its apps and leaves the fleet (host down). */
    stop: () => halt('SIGTERM'),
    async pids() {
      return (await sb.ls()).filter((i) => i.name === 'web').map((i) => i.pid);
    },
    async updates() {
      return (await sb.ls()).find((i) => i.name === 'web')?.updates ?? [];
    },
    async close() {
      host.cont();
      await sb.cleanup();
    },
  };
  return host;
}

/** `moult fleet ...args --etcd URL` (from a neutral folder: the CLI talks to etcd only). */
export function fleet(cwd, etcdUrl, args, opts = {}) {
  return runCli(path.join(cwd, 'no-home'), ['fleet', ...args, '--etcd', etcdUrl], { cwd, timeoutMs: 60_000, ...opts });
}

export { show, sleep, ROOT };

/** `moult fleet …args` as a child (a coordinator the test can SIGKILL); resolves its rollout id once printed. */
export function coordinator(cwd, etcdUrl, args) {
  const child = spawn(process.execPath, [CLI, 'fleet', ...args, '--etcd', etcdUrl], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { out += d; });
  const started = Date.now();
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: '', ms: Date.now() - started })));
  const id = waitFor(() => /^rollout (\S+):/m.exec(out)?.[1], 'the rollout id', { timeoutMs: 30_000 });
  return { child, id, exited, output: () => out };
}

/** How many times the host's app completed the named update (each apply is one update.completed). */
export const appliedCount = (h, name) => h.sb.find({ event: 'update.completed', update: name }).length;

/** `moult keygen --out dir --json`: {privateFile, publicFile, publicRaw}. */
export async function keygen(dir) {
  const k = await runCli(path.join(dir, 'no-home'), ['keygen', '--out', dir, '--json'], { cwd: dir });
  if (k.code !== 0) throw new Error(show(k));
  return JSON.parse(k.stdout);
}

/**
 * One etcd and the named hosts shared by a test file (started in test.before, closed in
 * test.after.always), plus a folder for the CLI's files. `setup(f)` runs before the hosts start
 * (to make keys); `hostOptions(name, i, f)` gives each host's options.
 */
export function sharedFleet(test, names, { setup, hostOptions } = {}) {
  // Skipped only on request, and every skipped title says so in ava's closing lines.
  const skipped = (title, fn) => test.serial.skip(`${title} [skipped: MOULT_SKIP_FLEET=1]`, fn);
  // A fault test waits out deadlines and outages: up to 3 minutes of its own (ava's default is 60 s).
  const serial = (title, fn) => test.serial(title, (t) => {
    t.timeout(180_000);
    return fn(t);
  });
  // Coordinators a test started and left running (it failed before they ended) are killed after it.
  const children = new Set();
  test.afterEach.always(() => { for (const c of children) c.kill('SIGKILL'); });
  const f = {
    etcd: null, hosts: [], dir: null, test: SKIP_FLEET ? skipped : serial,
    /** Slow tests (long outages) run on one Node line in CI (test/helpers/slow-suite.mjs). */
    slowTest: SKIP_FLEET ? skipped : slowSuitesRun ? serial : (title, fn) => test.serial.skip(`${title} (slow suite: runs on Node ${slowLine} in CI)`, fn),
    host: (name) => f.hosts.find((h) => h.name === name),
    /** `moult fleet …args` to this fleet's etcd, from its CLI folder. */
    run: (args, opts) => fleet(f.dir, f.etcd.url, args, opts),
    /** `moult fleet …args` as a child the test can kill: {child, id (promise), exited, output()}. */
    coordinator(args) {
      const c = coordinator(f.dir, f.etcd.url, args);
      children.add(c.child);
      c.child.on('close', () => children.delete(c.child));
      return c;
    },
    /** `fleet status <id> --json`, parsed (throws with the output when it does not exit 0). */
    async status(id) {
      const r = await f.run(['status', id, '--json']);
      if (r.code !== 0) throw new Error(show(r));
      return JSON.parse(r.stdout);
    },
    /** Writes a file into the CLI folder; returns its name. */
    write(name, content) {
      fs.writeFileSync(path.join(f.dir, name), content);
      return name;
    },
  };
  test.before(async () => {
    if (SKIP_FLEET) return;
    f.etcd = await startEtcd();
    f.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-fleet-cli-'));
    await setup?.(f);
    f.hosts = await Promise.all(names.map((n, i) => fleetHost(n, f.etcd.url, hostOptions?.(n, i, f))));
    for (const h of f.hosts) await h.start();
  });
  test.after.always(async () => {
    for (const h of f.hosts) await h.close();
    await f.etcd?.close();
    if (f.dir) fs.rmSync(f.dir, { recursive: true, force: true });
  });
  return f;
}
