// Audit rows 5.3 / 5.4 at the daemon's edge: a `start` frame sent past the CLI (anyone owning the
// socket), a `scale`, or a `resurrect` of an edited dump.json cannot ask for more than 1024
// instances of an app or 4096 in all: refused with the limit, nothing spawned. Tested by refusal
// only, never by spawning that many: the apps asked for run a program that does not exist, and a
// fork guard kills everything of the home past 10 processes should a limit not hold (it did not,
// once: 4 × 1024 started spawning). The CLI refuses the same file with exit 2 and the path.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { appProcesses, controlRequest, forkGuard, sandbox, show, startAndWaitOnline } from '../helpers/moult.mjs';

let sb;
let config;
test.before(async () => {
  sb = sandbox();
  sb.files({ 'app.js': 'setInterval(() => {}, 1000);\n' });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'app', script: 'app.js' }]), { apps: { app: 1 } });
  // What a bomb would spawn, should it get through: no program at all.
  config = { ...JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8')).apps[0].config, interpreter: '/nonexistent/moult-test-no-such-program' };
});
test.after.always(async () => { await sb?.cleanup(); });

const request = async (body) => (await forkGuard(sb.home, 10, () => controlRequest(sb.home, body))).frame;

async function nothingStarted(t) {
  t.deepEqual((await sb.ls()).map((i) => `${i.name}[${i.instance}]`), ['app[0]']);
  t.is(appProcesses(sb.home).length, 1);
}

test.serial('row 5.3/5.4: a start frame asking for 100000 or 1e300 instances is refused, nothing spawned', async (t) => {
  for (const instances of [100000, 1e300, 1025]) {
    const frame = await request({ verb: 'start', apps: [{ ...config, name: 'bomb', instances }] });
    t.is(frame.type, 'error', JSON.stringify(frame));
    t.regex(frame.error.message, /apps\[0\]\.instances/);
    t.regex(frame.error.message, /over the limit of 1024/);
  }
  await nothingStarted(t);
});

test.serial('row 5.4: a start that would bring the daemon past 4096 instances in all is refused before any spawn', async (t) => {
  // 1 running + 4 × 1024 asked for = 4097.
  const apps = [0, 1, 2, 3].map((i) => ({ ...config, name: `many${i}`, instances: 1024 }));
  const frame = await request({ verb: 'start', apps });
  t.is(frame.type, 'error', JSON.stringify(frame));
  t.regex(frame.error.message, /4097 instances in all, over the limit of 4096/);
  await nothingStarted(t);
});

test.serial('row 5.4: scale past 1024 is refused by the CLI (exit 2) and by the daemon', async (t) => {
  const r = await forkGuard(sb.home, 10, () => sb.cli(['scale', 'app', '100000']));
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /1024/);
  const frame = await request({ verb: 'scale', app: 'app', instances: 100000 });
  t.is(frame.type, 'error');
  t.regex(frame.error.message, /1024/);
  await nothingStarted(t);
});

test.serial('row 5.4: resurrect of a dump.json edited to 100000 instances is refused, nothing spawned', async (t) => {
  const dump = { version: 1, daemon_pid: 1, apps: [{ id: 7, config: { ...config, name: 'dumped', instances: 100000 }, instances: [], updates: [] }] };
  fs.writeFileSync(path.join(sb.home, 'dump.json'), JSON.stringify(dump), { mode: 0o600 });
  const r = await forkGuard(sb.home, 10, () => sb.cli(['resurrect']));
  t.not(r.code, 0, show(r));
  t.regex(r.stderr, /over the limit of 1024/, show(r));
  await nothingStarted(t);
});

test.serial('row 5.4: the CLI refuses instances: 100000 in a file with exit 2 and the path, before any daemon is asked', async (t) => {
  const eco = sb.ecosystem([{ name: 'bomb', script: 'app.js', instances: 100000 }], 'bomb.json');
  const r = await forkGuard(sb.home, 10, () => sb.cli(['start', eco]));
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /apps\[0\]\.instances: 100000 instances is over the limit of 1024 instances per app/, show(r));
  await nothingStarted(t);
});
