// Issue 21 follow-up (notes/i21-pm2.md, "known gap"): an app deleted while one of its instances is
// being restarted (the restart waits for the old process to stop) must stay deleted: the restart
// may not start the process again, or it runs on with nobody supervising it (not in `ls`, not
// stopped by `kill`). The same rule as a cron/watch restart (test/pm2-compat/watch-and-cron-
// across-stop, "delete during a cron restart leaves no process running"), here for the restarts
// that do not go through restartInstances: the ledger's (a cold rollback, an undo that failed:
// Supervisor.restartInstance) and max_memory_restart's in fork mode (Supervisor.memoryRestart).
import test from 'ava';
import { homeProcesses, isAlive, LOCALS_APP, LOCALS_UPDATE, sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

/**
 * After `moult kill`: no process of the home is left, nor any the app ever had (each spawn logs
 * its pid). A restarted orphan is not stopped by `kill`: nobody knows it.
 */
async function noProcessLeft(t, sb, app, restartedAt) {
  const kill = await sb.cli(['kill']);
  t.is(kill.code, 0, show(kill));
  const left = await waitFor(() => homeProcesses(sb.home).length === 0 || null, 'no process of the home', { timeoutMs: 8000 }).catch(() => homeProcesses(sb.home));
  const pids = [...new Set(sb.find({ app }).map((e) => e.pid).filter(Number.isInteger))];
  const trail = sb.events().slice(restartedAt).filter((e) => e.event !== 'app.log' || /^SIGINT/.test(e.msg)).map((e) => `${e.event} ${e.pid ?? ''} ${e.msg ?? ''}`).join('\n');
  t.deepEqual(left, true, `processes of the home left: ${JSON.stringify(left)}; app pids seen: ${JSON.stringify(pids)}; events since the restart:\n${trail}`);
  t.deepEqual(pids.filter(isAlive), [], `app pids seen: ${JSON.stringify(pids)}; events since the restart:\n${trail}`);
}

/** SIGINT answered slowly (logged through the runtime, so that a test can wait for it). */
const SLOW_STOP = `process.on('SIGINT', () => {
  require('moult/runtime').log('SIGINT: stopping in 3 s');
  setTimeout(() => process.exit(0), 3000);
});
`;

// LOCALS_APP's update cannot be taken back: `moult rollback` undoes it cold (restarts the instance).
// SIGINT is answered slowly, so the restart is still stopping the old process when the delete comes.
const SLOW_STOP_APP = `${LOCALS_APP}${SLOW_STOP}`;

test('delete during a cold rollback\'s restart leaves no process running', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': SLOW_STOP_APP, 'locals.js': LOCALS_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', kill_timeout: 15_000 }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: /^Hello \d+$/ });
  const up = await sb.cli(['update', 'app', 'locals.js']);
  t.is(up.code, 0, `${show(up)}\n${sb.tail(30)}`);
  await sb.waitEvent({ event: 'update.completed', app: 'app', update: 'locals' });

  // The rollback's answer is not what this test is about: it runs on while the app is deleted.
  const mark = sb.events().length;
  const rollback = sb.cli(['rollback', 'app'], { timeoutMs: 30_000 });
  const { event: restarted, index: restartedAt } = await sb.waitEvent({ event: 'app.restarted', app: 'app', update: 'locals' }, { from: mark });
  t.regex(restarted.msg, /cold rollback/, 'the ledger\'s restart (Supervisor.restartInstance)');
  // The old process got the restart's SIGINT and is taking its time: delete now.
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: /^SIGINT/ }, { from: restartedAt });
  const del = await sb.cli(['delete', 'app'], { timeoutMs: 30_000 });
  t.is(del.code, 0, `${show(del)}\n${sb.tail(20)}`);
  t.deepEqual((await sb.ls()).filter((i) => i.name === 'app'), [], 'ls has no app');
  await rollback;

  await noProcessLeft(t, sb, 'app', restartedAt);
});

test('delete during a max_memory_restart restart leaves no process running', async (t) => {
  const sb = sandbox(t);
  // 160 MB kept once, touched so that it is resident: over the limit, and no further growth.
  sb.files({ 'big.js': `const kept = Buffer.alloc(160 * 1024 * 1024, 1);\nsetInterval(() => kept.length, 1000);\n${SLOW_STOP}` });
  const eco = sb.ecosystem([{ name: 'big', script: 'big.js', max_memory_restart: '100M', kill_timeout: 15_000 }]);
  await startAndWaitOnline(sb, eco, { apps: { big: 1 } });
  const { index: restartedAt } = await sb.waitEvent({ event: 'app.restarted', app: 'big', reason: 'memory' }, { timeoutMs: 20_000 });
  await sb.waitEvent({ event: 'app.log', app: 'big', msg: /^SIGINT/ }, { from: restartedAt });
  const del = await sb.cli(['delete', 'big'], { timeoutMs: 30_000 });
  t.is(del.code, 0, `${show(del)}\n${sb.tail(20)}`);
  t.deepEqual((await sb.ls()).filter((i) => i.name === 'big'), [], 'ls has no app');
  await noProcessLeft(t, sb, 'big', restartedAt);
});
