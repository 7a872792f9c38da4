// SPEC 2 / 7: `stop` sends SIGINT, then SIGKILL after `kill_timeout`; the app ends up "stopped".
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor, isAlive } from '../helpers/moult.mjs';

// Installs its handlers, then says so on stdout (the test waits for that line before stopping).
const STUBBORN = `process.on('SIGINT', () => console.log('ignoring SIGINT'));
setInterval(() => {}, 1000);
console.log('ready', process.pid);
`;
const POLITE = `setInterval(() => {}, 1000);
console.log('ready', process.pid);
`;

async function startAndWaitReady(t, sb, app) {
  const eco = sb.ecosystem([app]);
  const r = await sb.cli(['start', eco]);
  t.is(r.code, 0, show(r));
  const out = path.join(sb.home, 'logs', `${app.name}-0.out.log`);
  await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('ready'), `${app.name} to print "ready"`);
  const [inst] = await sb.ls();
  t.is(inst.status, 'online');
  t.true(Number.isInteger(inst.pid));
  return inst.pid;
}

test('an app that ignores SIGINT is SIGKILLed after kill_timeout and is "stopped"', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'stubborn.js': STUBBORN });
  const pid = await startAndWaitReady(t, sb, { name: 'stubborn', script: 'stubborn.js', kill_timeout: 500, autorestart: true });
  const from = sb.events().length;

  const r = await sb.cli(['stop', 'stubborn']);
  t.is(r.code, 0, show(r));
  t.true(r.ms >= 450, `stop returned after ${r.ms} ms, before kill_timeout (500 ms)`);
  t.false(isAlive(pid), 'the process is gone once stop returns');

  const { event: exited } = await sb.waitEvent({ event: 'app.exited', app: 'stubborn' }, { from });
  t.is(exited.signal, 'SIGKILL', sb.tail());
  t.is(exited.pid, pid);
  await sb.waitEvent({ event: 'app.stopped', app: 'stubborn' }, { from });
  // The app did see the SIGINT first.
  t.regex(fs.readFileSync(path.join(sb.home, 'logs', 'stubborn-0.out.log'), 'utf8'), /ignoring SIGINT/);

  const [inst] = await sb.ls();
  t.like(inst, { name: 'stubborn', status: 'stopped', pid: null });
  // A stop is not a crash: no restart (autorestart is on).
  t.deepEqual(sb.events().slice(from).filter((e) => e.event === 'app.restarted' || e.event === 'app.started'), []);
});

test('an app that exits on SIGINT stops at once, by SIGINT, and is "stopped"', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'polite.js': POLITE });
  const pid = await startAndWaitReady(t, sb, { name: 'polite', script: 'polite.js', kill_timeout: '5s' });
  const from = sb.events().length;

  const r = await sb.cli(['stop', 'polite']);
  t.is(r.code, 0, show(r));
  t.true(r.ms < 4000, `stop took ${r.ms} ms: it waited for kill_timeout`);
  t.false(isAlive(pid));

  const { event: exited } = await sb.waitEvent({ event: 'app.exited', app: 'polite' }, { from });
  t.not(exited.signal, 'SIGKILL', sb.tail());
  t.true(exited.signal === 'SIGINT' || exited.code !== null, `exited by SIGINT or with a code: ${JSON.stringify(exited)}`);
  await sb.waitEvent({ event: 'app.stopped', app: 'polite' }, { from });
  const [inst] = await sb.ls();
  t.like(inst, { name: 'polite', status: 'stopped', pid: null });
});
