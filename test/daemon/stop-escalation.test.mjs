// SPEC 2 / 7: `stop` sends SIGINT, then SIGKILL after `kill_timeout`; the app ends up "stopped".
// One daemon runs both apps; each test stops its own.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor, isAlive, startAndWaitOnline } from '../helpers/moult.mjs';

// Each installs its handlers, then says so on stdout (the tests wait for that line).
const STUBBORN = `process.on('SIGINT', () => console.log('ignoring SIGINT'));
setInterval(() => {}, 1000);
console.log('ready', process.pid);
`;
const POLITE = `setInterval(() => {}, 1000);
console.log('ready', process.pid);
`;

let sb;
const pids = {};
test.before(async () => {
  sb = sandbox();
  sb.files({ 'stubborn.js': STUBBORN, 'polite.js': POLITE });
  const eco = sb.ecosystem([
    { name: 'stubborn', script: 'stubborn.js', kill_timeout: 500, autorestart: true },
    { name: 'polite', script: 'polite.js', kill_timeout: '10s' },
  ]);
  await startAndWaitOnline(sb, eco, { apps: { stubborn: 1, polite: 1 } });
  for (const name of ['stubborn', 'polite']) {
    const out = path.join(sb.home, 'logs', `${name}-0.out.log`);
    await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('ready'), `${name} to print "ready"`);
  }
  for (const i of await sb.ls()) {
    if (i.status !== 'online' || !Number.isInteger(i.pid)) throw new Error(`not online: ${JSON.stringify(i)}`);
    pids[i.name] = i.pid;
  }
});
test.after.always(async () => { await sb?.cleanup(); });

test('an app that ignores SIGINT is SIGKILLed after kill_timeout and is "stopped"', async (t) => {
  const pid = pids.stubborn;
  const from = sb.events().length;
  const r = await sb.cli(['stop', 'stubborn']);
  t.is(r.code, 0, show(r));
  t.true(r.ms >= 450, `stop returned after ${r.ms} ms, before kill_timeout (500 ms)`);
  t.false(isAlive(pid), 'the process is gone once stop returns');

  const { event: exited } = await sb.waitEvent({ event: 'app.exited', app: 'stubborn' }, { from });
  t.is(exited.signal, 'SIGKILL', sb.tail());
  t.is(exited.pid, pid);
  await sb.waitEvent({ event: 'app.stopped', app: 'stubborn' }, { from });
  // The app did get the SIGINT first.
  t.regex(fs.readFileSync(path.join(sb.home, 'logs', 'stubborn-0.out.log'), 'utf8'), /ignoring SIGINT/);

  const inst = (await sb.ls()).find((i) => i.name === 'stubborn');
  t.like(inst, { status: 'stopped', pid: null });
  // A stop is not a crash: no restart, though autorestart is on.
  t.deepEqual(sb.events().slice(from).filter((e) => e.app === 'stubborn' && (e.event === 'app.restarted' || e.event === 'app.started')), []);
});

test('an app that exits on SIGINT stops at once, by SIGINT, and is "stopped"', async (t) => {
  const pid = pids.polite;
  const from = sb.events().length;
  const r = await sb.cli(['stop', 'polite']);
  t.is(r.code, 0, show(r));
  t.false(isAlive(pid));

  const { event: exited } = await sb.waitEvent({ event: 'app.exited', app: 'polite' }, { from });
  t.not(exited.signal, 'SIGKILL', sb.tail());
  t.true(exited.signal === 'SIGINT' || exited.code !== null, `exited by SIGINT or with a code: ${JSON.stringify(exited)}`);
  await sb.waitEvent({ event: 'app.stopped', app: 'polite' }, { from });
  const inst = (await sb.ls()).find((i) => i.name === 'polite');
  t.like(inst, { status: 'stopped', pid: null });
});
