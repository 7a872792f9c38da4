// SPEC 7 and 9: the daemon is SIGKILLed while an update waits for alterability. The app carries
// on; the next daemon adopts it, and the update's end (completed, once) reaches the log.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, waitFor, isAlive } from '../helpers/moult.mjs';

const APP = `const { ThreadedManager, DsuTask, log, updatePoint } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');
let gate = false;
function work() { log('v1'); }
async function main() {
  for (;;) {
    await sleep(100);
    work();
    if (gate) await updatePoint('open');
  }
}
const task = new DsuTask({ name: 'app', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
module.exports = { work, task, manager, open: () => { gate = true; } };
task.start();
`;
// The update waits for the task's update point, which the app only reaches once opened (1.5 s later).
const UPDATE = `const { Update, log, redefineFunction, setupWaitStaticPoints, waitStaticPoints, cleanFailedStaticPoints } = require('moult/runtime');
module.exports = (ctx) => {
  const { task } = ctx.main;
  class AtPoint extends Update {
    preupdateSetup() { setupWaitStaticPoints([task]); setTimeout(ctx.main.open, 1500); }
    waitAlterability() { return waitStaticPoints([task]); }
    cleanFailedAlterability() { return cleanFailedStaticPoints([task]); }
    apply() { redefineFunction(ctx.main, ctx.main.work, () => log('v2')); }
  }
  const u = new AtPoint({ name: 'late' });
  u.setSleepTime(500);
  return u;
};
`;

test('an update in flight when the daemon is SIGKILLed completes, and is reported exactly once', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'update.js': UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' });
  const [before] = await sb.ls();

  const pending = sb.cli(['update', 'app', 'update.js']);
  await sb.waitEvent({ event: 'update.begin', app: 'app', update: 'late' });
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(daemon, 'SIGKILL');
  const r = await pending;
  t.not(r.code, 0, 'the command could not see the outcome');
  await waitFor(() => !isAlive(daemon), 'the daemon to die');
  await new Promise((res) => setTimeout(res, 2000)); // the update completes while no daemon listens

  const [after] = await sb.ls(); // a new daemon adopts the app
  t.is(after.pid, before.pid);
  await sb.waitEvent({ event: 'update.completed', app: 'app', update: 'late' });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v2' });
  t.is(sb.find({ event: 'update.completed', update: 'late' }).length, 1, 'reported once');
  t.is(sb.find({ event: 'update.point.arrived', update: 'late' }).length, 1);
  const seqs = sb.events().filter((e) => e.app === 'app' && e.seq !== undefined).map((e) => e.seq);
  t.true(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1), `each event once, none lost: ${seqs.join(',')}`);
});
