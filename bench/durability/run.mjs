// Durability benchmark, in one run:
//  (a) re-adoption: 20 trivial apps under moult, the daemon SIGKILLed, one `moult ls` starts a new
//      daemon that re-attaches to the live apps: time from the kill to the 20th `app.adopted` line,
//      pids checked unchanged. Anchors: pm2 (SIGKILL its daemon, `pm2 resurrect` from a `pm2 save`
//      done before, until `pm2 jlist` shows 20 online: pm2 starts them again) and moult's cold
//      `start` of the 20 apps. Rounds alternate the order of the two tools.
//  (b) rollback pause: one app (runtime preloaded, standalone, a Listener socket) gets
//      SafeRedefineUpdates and `rollback`s alternately; the app measures its longest event-loop
//      block around each command. A no-op command (`set loglevel 2`) is the noise floor.
// Usage: node bench/durability/run.mjs [--rounds 3] [--apps 20] [--reps 10]
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { onCleanup, start, stop, runBench } from '../lib/proc.mjs';
import { PRELOAD, ROOT, checkBuilt, moult, pm2, waitOnline, writeEcosystem } from '../lib/supervisors.mjs';
import { fmt, machine, median, round, sleep, table, writeJson } from '../lib/stats.mjs';

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    apps: { type: 'string', default: '20' },
    reps: { type: 'string', default: '10' },
    only: { type: 'string', default: 'a,b' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'durability.json') },
  },
});
const ROUNDS = Number(opt.rounds);
const APPS = Number(opt.apps);
const REPS = Number(opt.reps);
const ONLY = new Set(opt.only.split(','));
const log = (s) => process.stderr.write(s + '\n');
/**
 * Whether pid still runs. A zombie does not: a SIGKILLed daemon is not our child, and on this VM its
 * reaper (pid 1) may take a second or more to collect it, while kill(pid, 0) still succeeds.
 */
function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

async function waitGone(pid, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} still alive ${timeoutMs} ms after SIGKILL`);
    await sleep(2);
  }
}

/** The JSON lines of a log file from byte offset `from` on. */
function logEvents(file, from = 0) {
  let text;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - from));
      fs.readSync(fd, buf, 0, buf.length, from);
      text = buf.toString('utf8');
    } finally { fs.closeSync(fd); }
  } catch { return []; }
  const out = [];
  for (const line of text.split('\n')) {
    try { out.push(JSON.parse(line)); } catch { /* partial line */ }
  }
  return out;
}
const fileSize = (f) => { try { return fs.statSync(f).size; } catch { return 0; } };

/** Starts the ecosystem; times the start command's exit and the first listing with all online. */
async function timeStart(tool, eco) {
  const t0 = performance.now();
  const r = await tool.cliOk(['start', eco]);
  const online = await waitOnline(tool, APPS);
  return { command_ms: r.ms, all_online_ms: performance.now() - t0, pids: online.map((i) => i.pid) };
}

// ---- (a) re-adoption after a SIGKILL of the daemon

async function moultRound(tool, eco) {
  await tool.kill();
  const cold = await timeStart(tool, eco);
  await sleep(1000);
  const before = await tool.list();
  const pidsBefore = new Map(before.map((i) => [i.name, i.pid]));
  const logFile = path.join(tool.home, 'logs', 'moultd.log');
  const offset = fileSize(logFile);
  const daemon = tool.daemonPid();
  const killEpoch = Date.now();
  const t0 = performance.now();
  process.kill(daemon, 'SIGKILL');
  await waitGone(daemon);
  const goneMs = performance.now() - t0;
  const appsAliveAfterKill = [...pidsBefore.values()].filter(alive).length;
  // One CLI command starts the new daemon; the adoption is read from the daemon's log.
  const lsRun = tool.cli(['ls']);
  let adopted = [];
  let seenMs = NaN;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    adopted = logEvents(logFile, offset).filter((e) => e.event === 'app.adopted');
    if (adopted.length >= APPS) { seenMs = performance.now() - t0; break; }
    await sleep(5);
  }
  const ls = await lsRun;
  await sleep(1000); // anything else the new daemon does (a restart would show up here)
  const events = logEvents(logFile, offset);
  const after = await tool.list();
  const problems = [];
  if (ls.code !== 0) problems.push(`moult ls exited ${ls.code}: ${ls.stderr.trim()}`);
  if (adopted.length !== APPS) problems.push(`${adopted.length} app.adopted lines of ${APPS} within 60 s`);
  for (const e of adopted) if (pidsBefore.get(e.app) !== e.pid) problems.push(`${e.app} adopted with pid ${e.pid}, was ${pidsBefore.get(e.app)}`);
  for (const i of after) {
    if (i.pid !== pidsBefore.get(i.name)) problems.push(`${i.name}: pid ${i.pid} after, ${pidsBefore.get(i.name)} before`);
    if (i.status !== 'online' || i.restarts !== 0) problems.push(`${i.name}: status ${i.status}, restarts ${i.restarts}`);
  }
  const other = events.filter((e) => /^app\.(started|restarted|exited)$/.test(e.event));
  for (const e of other) problems.push(`unexpected ${e.event}: ${e.msg}`);
  const newDaemon = events.find((e) => e.event === 'daemon.started');
  const lastAdopted = Math.max(...adopted.map((e) => e.time));
  const res = {
    cold_start: cold,
    daemon_gone_ms: goneMs,
    apps_alive_after_kill: appsAliveAfterKill,
    // From the kill to the 20th app.adopted line, by the log's own ms timestamps.
    kill_to_all_adopted_ms: lastAdopted - killEpoch,
    kill_to_all_adopted_seen_ms: seenMs,
    kill_to_daemon_started_ms: newDaemon ? newDaemon.time - killEpoch : NaN,
    daemon_started_to_all_adopted_ms: newDaemon ? lastAdopted - newDaemon.time : NaN,
    first_to_last_adopted_ms: lastAdopted - Math.min(...adopted.map((e) => e.time)),
    ls_ms: ls.ms,
    pids_unchanged: after.length === APPS && after.every((i) => i.pid === pidsBefore.get(i.name)),
    adopted_lines: adopted.length,
    problems,
  };
  await tool.kill();
  return res;
}

async function pm2Round(tool, eco) {
  await tool.kill();
  const cold = await timeStart(tool, eco);
  await tool.cliOk(['save']);
  await sleep(1000);
  const before = await tool.list();
  const oldPids = before.map((i) => i.pid);
  const daemon = tool.daemonPid();
  const t0 = performance.now();
  process.kill(daemon, 'SIGKILL');
  await waitGone(daemon);
  const goneMs = performance.now() - t0;
  const appsAliveAfterKill = oldPids.filter(alive).length;
  const resurrect = await tool.cliOk(['resurrect']);
  const resurrectMs = performance.now() - t0;
  const online = await waitOnline(tool, APPS);
  const onlineMs = performance.now() - t0;
  const newPids = online.map((i) => i.pid);
  // pm2 started new processes: the old ones, orphaned, still run. End them (ours, by pid).
  const orphans = oldPids.filter((p) => alive(p) && !newPids.includes(p));
  for (const p of orphans) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
  const res = {
    cold_start: cold,
    daemon_gone_ms: goneMs,
    apps_alive_after_kill: appsAliveAfterKill,
    kill_to_resurrect_exit_ms: resurrectMs,
    resurrect_command_ms: resurrect.ms,
    kill_to_all_online_ms: onlineMs,
    pids_unchanged: newPids.every((p) => oldPids.includes(p)),
    new_pids: newPids.filter((p) => !oldPids.includes(p)).length,
    orphans_killed: orphans.length,
  };
  await tool.kill();
  return res;
}

async function readoption(tmp) {
  const appDir = path.join(tmp, 'apps');
  fs.mkdirSync(appDir);
  const script = path.join(appDir, 'idle.js');
  fs.writeFileSync(script, 'setInterval(() => {}, 1000);\n');
  const eco = writeEcosystem(path.join(appDir, 'ecosystem.json'), script, APPS);
  const m = moult(path.join(tmp, 'moult-home'));
  const p = pm2(path.join(tmp, 'pm2-home'));
  const out = { moult: [], pm2: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of r % 2 ? ['pm2', 'moult'] : ['moult', 'pm2']) {
      if (name === 'moult') {
        const x = await moultRound(m, eco);
        out.moult.push(x);
        log(`round ${r + 1}/${ROUNDS} moult: cold start ${fmt(x.cold_start.all_online_ms, 0)} ms; kill -> ${x.adopted_lines} adopted ${fmt(x.kill_to_all_adopted_ms, 0)} ms (new daemon up at ${fmt(x.kill_to_daemon_started_ms, 0)} ms), pids unchanged: ${x.pids_unchanged}${x.problems.length ? `; PROBLEMS: ${x.problems.join('; ')}` : ''}`);
      } else {
        const x = await pm2Round(p, eco);
        out.pm2.push(x);
        log(`round ${r + 1}/${ROUNDS} pm2: cold start ${fmt(x.cold_start.all_online_ms, 0)} ms; kill -> resurrect exit ${fmt(x.kill_to_resurrect_exit_ms, 0)} ms, all online ${fmt(x.kill_to_all_online_ms, 0)} ms, ${x.new_pids} new pids, ${x.orphans_killed} orphans killed`);
      }
    }
  }
  return out;
}

// ---- (b) pause of applying a SafeRedefineUpdate vs rolling it back

/** One line-oriented client of the app's Listener socket: send a command, get its one-line answer. */
async function listenerClient(sockPath) {
  let sock;
  for (let i = 0; ; i++) {
    try {
      sock = await new Promise((resolve, reject) => {
        const s = net.connect(sockPath);
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
      break;
    } catch (err) {
      if (i > 200) throw err;
      await sleep(20);
    }
  }
  sock.setEncoding('utf8');
  let buf = '';
  const waiting = [];
  sock.on('data', (d) => {
    buf += d;
    for (let i; (i = buf.indexOf('\n')) !== -1;) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiting.shift()?.(line);
    }
  });
  return {
    send: (cmd) => new Promise((resolve) => { waiting.push(resolve); sock.write(cmd + '\n'); }),
    close: () => sock.destroy(),
  };
}

/** The app's stdout, one JSON line at a time. */
function jsonLines(child) {
  let buf = '';
  const waiting = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buf += d;
    for (let i; (i = buf.indexOf('\n')) !== -1;) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiting.shift()?.resolve(JSON.parse(line));
    }
  });
  child.once('exit', (code) => { for (const w of waiting.splice(0)) w.reject(new Error(`app exited with ${code}`)); });
  return () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

async function rollbackPauses(tmp) {
  const app = path.join(ROOT, 'bench', 'durability', 'fixtures', 'rollback-app.js');
  const dir = path.join(tmp, 'rollback');
  fs.mkdirSync(dir);
  const eventLog = path.join(dir, 'events.jsonl');
  const sockPath = path.join(dir, 'listener.sock');
  const child = start(process.execPath, ['--require', PRELOAD, app, sockPath], { env: { ...process.env, MOULT_LOG: eventLog }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const next = jsonLines(child);
  const out = { first_apply: null, first_rollback: null, apply: [], rollback: [], noop: [], problems: [] };
  try {
    const ready = await next();
    if (!ready.ready) throw new Error(`app said ${JSON.stringify(ready)}`);
    const client = await listenerClient(sockPath);
    /** Runs one command inside a measuring window of the app; `done` waits for its completion. */
    const framed = async (cmd, done) => {
      child.stdin.write('begin\n');
      await next();
      const t0 = performance.now();
      const answer = await client.send(cmd);
      const answerMs = performance.now() - t0;
      const extra = done ? await done() : {};
      const doneMs = performance.now() - t0;
      child.stdin.write('end\n');
      return { command: cmd, answer, answer_ms: answerMs, done_ms: doneMs, ...(await next()), ...extra };
    };
    /** update.completed (or failed/aborted) of the named update in the app's event log. */
    const completion = (name) => async () => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(2)) {
        const ev = logEvents(eventLog).filter((e) => e.update === name);
        const end = ev.find((e) => /^update\.(completed|failed|aborted|rejected)$/.test(e.event));
        if (end) {
          const at = (n) => ev.find((e) => e.event === n)?.time;
          return { outcome: end.event, received_to_completed_ms: at('update.completed') - at('update.received'), begin_to_applied_ms: at('update.applied') - at('update.begin') };
        }
      }
      return { outcome: 'timeout' };
    };
    const rolledBack = (name) => async () => {
      const e = logEvents(eventLog).find((x) => x.event === 'update.rolledback' && x.update === name);
      return { outcome: e ? 'update.rolledback' : 'no update.rolledback event', mode: e?.mode, steps: e?.steps };
    };
    const check = (r, expectF, what) => {
      const bad = r.f !== expectF || (r.outcome !== 'update.completed' && r.outcome !== 'update.rolledback') || !r.answer.startsWith('ok');
      if (bad) out.problems.push(`${what}: answer ${JSON.stringify(r.answer)}, outcome ${r.outcome}, f() = ${r.f} (expected ${expectF})`);
      return r;
    };
    await sleep(500);
    for (let k = 0; k <= REPS; k++) {
      const name = `redef-${k}`;
      const file = path.join(dir, `${name}.js`);
      fs.writeFileSync(file, [
        "const { SafeRedefineUpdate } = require('moult/runtime');",
        `module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.f, function f_v${k}() { return ${k + 1}; }, { name: '${name}' });`,
        '',
      ].join('\n'));
      // Alternating: apply, a no-op command, roll back (k = 0, the first in the process, apart).
      const a = check(await framed(`update ${file}`, completion(name)), k + 1, `apply ${name}`);
      await sleep(100);
      const n = await framed('set loglevel 2', null);
      await sleep(100);
      const r = check(await framed('rollback', rolledBack(name)), 0, `rollback ${name}`);
      if (r.mode !== 'hot') out.problems.push(`rollback ${name}: mode ${r.mode}`);
      await sleep(100);
      if (k === 0) { out.first_apply = a; out.first_rollback = r; } else { out.apply.push(a); out.rollback.push(r); out.noop.push(n); }
      log(`  rep ${k}${k === 0 ? ' (first)' : ''}: apply ${fmt(a.max_gap_ms, 1)} ms (${a.outcome}), rollback ${fmt(r.max_gap_ms, 1)} ms (${r.answer}), no-op ${fmt(n.max_gap_ms, 1)} ms`);
    }
    // Nothing left to roll back: the answer must say so.
    out.extra_rollback_answer = await client.send('rollback');
    client.close();
    child.stdin.write('exit\n');
  } catch (err) {
    throw new Error(`${err.message}\napp stderr: ${stderr}`, { cause: err });
  } finally {
    await stop(child);
  }
  out.events = logEvents(eventLog).filter((e) => /^update\.(completed|rolledback|failed|aborted|rejected)$/.test(e.event)).length;
  return out;
}

// ---- main

async function main() {
  checkBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-bench-durability-'));
  onCleanup(() => fs.rmSync(tmp, { recursive: true, force: true })); // runs last, after the kills
  const info = { machine: machine(), apps: APPS, rounds: ROUNDS, reps: REPS, tmp };
  const raw = {};
  if (ONLY.has('a')) raw.readoption = await readoption(tmp);
  if (ONLY.has('b')) raw.rollback = await rollbackPauses(tmp);
  info.machine.loadavg_end = os.loadavg().map((x) => round(x, 2));

  const summary = {};
  const rows = [];
  const row = (label, a, b, digits = 0) => rows.push([label, fmt(a, digits), fmt(b, digits), Number.isFinite(b) ? fmt(a / b, 2) : '']);
  if (raw.readoption) {
    const m = raw.readoption.moult;
    const p = raw.readoption.pm2;
    const s = (summary.readoption = {
      moult_kill_to_all_adopted_ms: median(m.map((x) => x.kill_to_all_adopted_ms)),
      moult_kill_to_daemon_started_ms: median(m.map((x) => x.kill_to_daemon_started_ms)),
      moult_daemon_started_to_all_adopted_ms: median(m.map((x) => x.daemon_started_to_all_adopted_ms)),
      moult_ls_ms: median(m.map((x) => x.ls_ms)),
      moult_cold_start_online_ms: median(m.map((x) => x.cold_start.all_online_ms)),
      moult_pids_unchanged_rounds: m.filter((x) => x.pids_unchanged).length,
      moult_problems: m.flatMap((x) => x.problems),
      pm2_kill_to_all_online_ms: median(p.map((x) => x.kill_to_all_online_ms)),
      pm2_kill_to_resurrect_exit_ms: median(p.map((x) => x.kill_to_resurrect_exit_ms)),
      pm2_cold_start_online_ms: median(p.map((x) => x.cold_start.all_online_ms)),
      pm2_new_pids_per_round: p.map((x) => x.new_pids),
      pm2_orphans_killed_per_round: p.map((x) => x.orphans_killed),
    });
    row(`(a) SIGKILL daemon -> all ${APPS} apps back under a daemon (moult: adopted; pm2: resurrect, jlist online)`, s.moult_kill_to_all_adopted_ms, s.pm2_kill_to_all_online_ms);
    row('(a) … same, moult vs its own cold start of the apps', s.moult_kill_to_all_adopted_ms, s.moult_cold_start_online_ms);
    row('(a) moult: kill -> new daemon started (info)', s.moult_kill_to_daemon_started_ms, NaN);
    row('(a) moult: new daemon started -> last adopted (info)', s.moult_daemon_started_to_all_adopted_ms, NaN);
    row('(a) cold start 20 apps until all online, moult vs pm2 (info)', s.moult_cold_start_online_ms, s.pm2_cold_start_online_ms);
  }
  if (raw.rollback) {
    const b = raw.rollback;
    const s = (summary.rollback = {
      apply_pause_ms: median(b.apply.map((x) => x.max_gap_ms)),
      rollback_pause_ms: median(b.rollback.map((x) => x.max_gap_ms)),
      noop_pause_ms: median(b.noop.map((x) => x.max_gap_ms)),
      apply_loop_delay_max_ms: median(b.apply.map((x) => x.loop_delay_max_ms)),
      rollback_loop_delay_max_ms: median(b.rollback.map((x) => x.loop_delay_max_ms)),
      apply_done_ms: median(b.apply.map((x) => x.done_ms)),
      rollback_answer_ms: median(b.rollback.map((x) => x.answer_ms)),
      first_apply_pause_ms: b.first_apply?.max_gap_ms,
      first_rollback_pause_ms: b.first_rollback?.max_gap_ms,
      problems: b.problems,
    });
    row('(b) pause, roll back a SafeRedefineUpdate vs apply it (ms)', s.rollback_pause_ms, s.apply_pause_ms, 1);
    row('(b) … monitorEventLoopDelay max, rollback vs apply (ms)', s.rollback_loop_delay_max_ms, s.apply_loop_delay_max_ms, 1);
    row('(b) pause, first update in the process: rollback vs apply (ms)', s.first_rollback_pause_ms, s.first_apply_pause_ms, 1);
    row('(b) no-op listener command (noise floor, ms)', s.noop_pause_ms, NaN, 1);
    row('(b) command to done: rollback (answer) vs apply (update.completed) (ms)', s.rollback_answer_ms, s.apply_done_ms, 1);
  }
  console.log(`\ndurability; node ${info.machine.node}, ${info.machine.cores} cores, load ${info.machine.loadavg.join(' ')} -> ${info.machine.loadavg_end.join(' ')}`);
  console.log(table(['measure (median)', 'moult', 'anchor', 'ratio'], rows));
  const problems = [...(summary.readoption?.moult_problems ?? []), ...(summary.rollback?.problems ?? [])];
  console.log(problems.length ? `\nPROBLEMS:\n${problems.join('\n')}` : '\nno problem seen: every app adopted with its pid, every update and rollback took effect');
  writeJson(opt.out, { ...info, summary, raw });
  console.log(`\nwrote ${path.relative(process.cwd(), opt.out)}`);
}

runBench(main);
