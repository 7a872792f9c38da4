// SPEC 2 `rollback <app> [update]` and `history <app>`, 6.2 (a completed update is undone the way
// a failed one is; an irreversible one by restarting the instance without it: mode cold) and 6.3
// (a rolled-back update is marked in state.json and never replayed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { CLI, sandbox, show, startAndWaitOnline, waitFor, LOCALS_APP, LOCALS_UPDATE, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

const readState = (sb) => JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8'));
const recorded = (sb, app) => readState(sb).apps.find((a) => a.config.name === app)?.updates ?? [];

test('moult rollback undoes a completed update on every instance (hot), for good; history shows it', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', instances: 2 }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 2 } });
  for (const instance of [0, 1]) await sb.waitEvent({ event: 'app.log', app: 'app', instance, msg: 'v1' });

  const beforeUpdate = sb.events().length;
  const up = await sb.cli(['update', 'app', 'update.js']);
  t.is(up.code, 0, `${show(up)}\n${sb.tail(30)}`);
  for (const instance of [0, 1]) {
    const { index } = await sb.waitEvent({ event: 'update.completed', app: 'app', instance, update: 'func' }, { from: beforeUpdate });
    await sb.waitEvent({ event: 'app.log', app: 'app', instance, msg: 'v2' }, { from: index });
  }
  const listed = await sb.ls();
  t.deepEqual(listed.map((i) => i.updates), [['func'], ['func']]);
  const pids = listed.map((i) => i.pid);
  await waitFor(() => recorded(sb, 'app').length === 1, 'the update recorded in state.json');

  // Roll it back: every instance answers, hot.
  const beforeRollback = sb.events().length;
  const rb = await sb.cli(['rollback', 'app']);
  t.is(rb.code, 0, `${show(rb)}\n${sb.tail(30)}`);
  t.regex(rb.stdout, /^app\[0\] func: rolled back \(hot\)$/m, show(rb));
  t.regex(rb.stdout, /^app\[1\] func: rolled back \(hot\)$/m, show(rb));
  for (const instance of [0, 1]) {
    const { event, index } = await sb.waitEvent({ event: 'update.rolledback', app: 'app', instance, update: 'func' }, { from: beforeRollback });
    t.is(event.mode, 'hot');
    t.true(event.steps >= 1, `steps: ${event.steps}`);
    t.is(event.pid, pids[instance], 'rolled back in place, by the same process');
    // The old code runs again in that instance, and only it.
    await sb.waitEvent({ event: 'app.log', app: 'app', instance, msg: 'v1' }, { from: index });
    const later = sb.events().slice(index + 1).filter((e) => e.event === 'app.log' && e.instance === instance);
    t.deepEqual(later.filter((e) => e.msg !== 'v1').map((e) => e.msg), [], `instance ${instance} after its rollback`);
  }
  t.is(sb.find({ event: 'update.failed', app: 'app' }).length, 0, 'a requested rollback is not a failure');
  t.is(sb.find({ event: 'app.restarted', app: 'app' }).length, 0, 'a hot rollback restarts nothing');

  // ls: no update applied any more; state.json: the update is kept, marked rolled back.
  t.deepEqual((await sb.ls()).map((i) => i.updates), [[], []]);
  await waitFor(() => recorded(sb, 'app')[0]?.rolled_back === true, 'state.json marks the update rolled_back');
  const [entry] = recorded(sb, 'app');
  t.is(entry.name, 'func');
  t.is(recorded(sb, 'app').length, 1);

  // Nothing left to roll back: exit 1 with a reason per instance. An unknown app is bad input: 2.
  const again = await sb.cli(['rollback', 'app']);
  t.is(again.code, 1, show(again));
  t.regex(again.stdout, /app\[0\] not rolled back: .*no completed update/, show(again));
  t.regex(again.stdout, /app\[1\] not rolled back: .*no completed update/, show(again));
  const nosuch = await sb.cli(['rollback', 'nosuch']);
  t.is(nosuch.code, 2, show(nosuch));
  t.regex(nosuch.stderr, /nosuch/, show(nosuch));

  // After a restart, the rolled-back update is not replayed: both instances run v1.
  const beforeRestart = sb.events().length;
  const rs = await sb.cli(['restart', 'app']);
  t.is(rs.code, 0, show(rs));
  for (const instance of [0, 1]) {
    const { index } = await sb.waitEvent({ event: 'app.online', app: 'app', instance }, { from: beforeRestart });
    const { event: first } = await sb.waitEvent({ event: 'app.log', app: 'app', instance }, { from: index });
    t.is(first.msg, 'v1', `instance ${instance} runs its original code after the restart`);
  }
  t.deepEqual(sb.events().slice(beforeRestart).filter((e) => /^update\./.test(e.event)).map((e) => `${e.event} ${e.update}`), [],
    'no update event (no replay) after the restart');

  // history: per instance, the update's timeline.
  const h = await sb.cli(['history', 'app']);
  t.is(h.code, 0, show(h));
  const blocks = h.stdout.split(/^(?=app\[\d\]$)/m).filter((b) => /^app\[\d\]$/m.test(b));
  t.deepEqual(blocks.map((b) => b.split('\n')[0]).sort(), ['app[0]', 'app[1]'], h.stdout);
  for (const block of blocks) {
    const kinds = block.split('\n').slice(1).filter((l) => /\bfunc\b/.test(l)).map((l) => l.trim().split(/\s+/)[2]);
    const want = ['queued', 'applied', 'completed', 'rolledback'];
    const at = want.map((k) => kinds.indexOf(k));
    t.true(at.every((i) => i !== -1), `${block.split('\n')[0]}: ${want.join(', ')} in\n${block}`);
    t.deepEqual([...at].sort((x, y) => x - y), at, `in order in\n${block}`);
    t.regex(block, /rolledback\s+func\b.*mode hot/);
  }

  const hj = await sb.cli(['history', 'app', '--json']);
  t.is(hj.code, 0, show(hj));
  const entries = JSON.parse(hj.stdout);
  t.true(Array.isArray(entries) && entries.length > 0);
  for (const e of entries) {
    t.is(typeof e.event, 'string');
    t.is(typeof e.time, 'number');
    t.is(typeof e.update, 'string', JSON.stringify(e));
    t.true(e.instance === null || Number.isInteger(e.instance), JSON.stringify(e));
  }
  for (const instance of [0, 1]) {
    const mine = entries.filter((e) => e.instance === instance && e.update === 'func').map((e) => e.event);
    for (const ev of ['update.queued', 'update.applied', 'update.completed', 'update.rolledback']) {
      t.true(mine.includes(ev), `instance ${instance} has ${ev}: ${mine.join(', ')}`);
    }
    t.true(mine.indexOf('update.completed') < mine.indexOf('update.rolledback'));
  }
});

/** `moult rollback app` run in the background: {done: Promise<{code, stdout}>, child}; killed at teardown. */
function rollbackInBackground(t, sb) {
  const child = spawn(process.execPath, [CLI, 'rollback', 'app'], {
    cwd: sb.appDir, env: { ...process.env, MOULT_HOME: sb.home }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  return { child, done };
}

async function startLocalsApp(t, sb, update) {
  sb.files({ 'app.js': LOCALS_APP, 'locals.js': update });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: /^Hello \d+$/ });
  const up = await sb.cli(['update', 'app', 'locals.js']);
  t.is(up.code, 0, `${show(up)}\n${sb.tail(30)}`);
  const { index: done } = await sb.waitEvent({ event: 'update.completed', app: 'app', update: 'locals' });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: /^Hi \d+$/ }, { from: done });
  const [before] = await sb.ls();
  t.deepEqual(before.updates, ['locals']);
  return before;
}

// What the daemon does on a cold rollback. The CLI's own answer is checked by the next test:
// here it is only looked at if it came (see the bug described there).
test('rolling back an irreversible update restarts the instance without it (cold) and never replays it', async (t) => {
  const sb = sandbox(t);
  const before = await startLocalsApp(t, sb, LOCALS_UPDATE);

  const mark = sb.events().length;
  const cli = rollbackInBackground(t, sb);
  const { event: rolled, index: rolledAt } = await sb.waitEvent({ event: 'update.rolledback', app: 'app', update: 'locals' }, { from: mark });
  t.is(rolled.mode, 'cold');
  t.is(rolled.pid, before.pid);

  // The daemon restarts the instance without the update.
  const { event: restarted, index: restartedAt } = await sb.waitEvent({ event: 'app.restarted', app: 'app' }, { from: rolledAt });
  t.regex(restarted.msg, /cold rollback/);
  t.is(restarted.update, 'locals');
  const { event: online, index: onlineAt } = await sb.waitEvent({ event: 'app.online', app: 'app' }, { from: restartedAt });
  t.not(online.pid, before.pid, 'a new process');
  const { event: first } = await sb.waitEvent({ event: 'app.log', app: 'app' }, { from: onlineAt });
  t.regex(first.msg, /^Hello \d+$/, 'the new process runs without the update');
  t.deepEqual(sb.events().slice(restartedAt).filter((e) => /^update\./.test(e.event)).map((e) => `${e.event} ${e.update}`), [],
    'not replayed');

  const [after] = await sb.ls();
  t.not(after.pid, before.pid);
  t.is(after.status, 'online');
  t.is(after.restarts, before.restarts + 1);
  t.deepEqual(after.updates, []);
  await waitFor(() => recorded(sb, 'app')[0]?.rolled_back === true, 'state.json marks the update rolled_back');

  const answer = await Promise.race([cli.done, new Promise((r) => setTimeout(r, 2000, null))]);
  if (answer) {
    t.is(answer.code, 0, JSON.stringify(answer));
    t.regex(answer.stdout, /^app\[0\] locals: rolled back \(cold\)$/m);
  } else {
    t.log('`moult rollback app` has not answered 2 s after the restart: the race of the next test');
  }
});

// The same update, whose resumeHook takes a moment when it runs after the rollback (hooks may be
// async, SPEC 5): this makes deterministic a race that the test above loses about half the time.
const SLOW_LOCALS_UPDATE = `const { Update, updateLocalVar } = require('moult/runtime');
module.exports = (ctx) => {
  let rollingBack = false;
  class Locals extends Update {
    waitAlterability() { return true; }
    apply() { updateLocalVar(ctx.main.talk, 'text', 'Hi'); }
    rollback() { rollingBack = true; }
    async resumeHook() { if (rollingBack) await new Promise((r) => setTimeout(r, 500)); }
  }
  return new Locals({ name: 'locals' });
};
`;

// BUG (daemon/supervisor.ts onRuntimeMessage + restartWithout, runtime/manager.ts undo): on a
// cold rollback the daemon restarts the instance as soon as it logs the `update.rolledback` event
// (mode cold), but the runtime only sends its `rollback.result` answer after that event, once
// the update's resumeHook has run and its tasks are resumed (ManagerBase.undo, then
// rollbackUpdate). The SIGINT of restartWithout kills the process before it answers, and
// Supervisor.rollback never settles a waiter whose instance exits: `moult rollback app` prints
// nothing until its 60 s timer, then "app[0] not rolled back: no answer within 60 s" and exits 1,
// although the rollback was done (the instance restarted without the update). With a plain
// update (test above) it happens in about half the runs: 3 of 6 runs of a standalone repro hung
// 60 s ("exit 1 after 60295 ms ... no answer within 60 s"), the others answered in ~0.5 s; with a
// resumeHook that takes 500 ms it happens every time (4 of 4).
test('moult rollback answers "rolled back (cold)" and exits 0 when the instance is restarted without the update', async (t) => {
  const sb = sandbox(t);
  await startLocalsApp(t, sb, SLOW_LOCALS_UPDATE);
  const rb = await sb.cli(['rollback', 'app'], { timeoutMs: 6000 }); // a working rollback answers in < 1 s
  t.is(rb.code, 0, `${show(rb)}\n${sb.tail(12)}`);
  t.regex(rb.stdout, /^app\[0\] locals: rolled back \(cold\)$/m, show(rb));
  await sb.waitEvent({ event: 'app.restarted', app: 'app', update: 'locals' });
});
