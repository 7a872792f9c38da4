// SPEC 8 faults on three real daemons and a real etcd: the coordinator SIGKILLed mid-wave and the
// rollout resumed from its record; etcd down for 5 s mid-rollout; a host's daemon killed while it
// applies its order; a host down for a whole rollout (missed, then caught up from the release).
// In every case each host applies the update once and reports it once.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sharedFleet, fleet, get, show, sleep } from './hosts.mjs';
import { CLI, waitFor } from '../helpers/moult.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie']);

const updateFile = (n) => {
  fs.writeFileSync(path.join(f.dir, `f${n}.js`), `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.greet, () => 'hello ${n}', { name: 'f${n}' });
`);
  return `f${n}.js`;
};

/** `moult fleet update` as a child we can kill; resolves its rollout id once printed. */
function startCoordinator(args) {
  const child = spawn(process.execPath, [CLI, 'fleet', ...args, '--etcd', f.etcd.url], { cwd: f.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: '', ms: 0 })));
  const id = waitFor(() => /^rollout (\S+):/m.exec(out)?.[1], 'the rollout id', { timeoutMs: 20_000 });
  return { child, id, exited, output: () => out };
}

const applied = (h, name) => h.sb.find({ event: 'update.completed', update: name }).length;
const reported = (h, id) => h.sb.find({ event: 'fleet.result', rollout: id }).length;

f.test('a coordinator SIGKILLed mid-wave: fleet status tells where it stands, fleet resume finishes it, nothing is applied twice', async (t) => {
  const c = startCoordinator(['update', 'web', updateFile(1), '--batch', '1', '--min-healthy', '1.5']);
  const id = await c.id;
  await f.hosts[0].sb.waitEvent({ event: 'fleet.result', rollout: id }, { timeoutMs: 20_000 });
  await f.hosts[1].sb.waitEvent({ event: 'fleet.order', rollout: id }, { timeoutMs: 20_000 });
  c.child.kill('SIGKILL');
  await c.exited;

  const status = await fleet(f.dir, f.etcd.url, ['status', id]);
  t.is(status.code, 0, show(status));
  // bravo may have finished its order since (its daemon goes on without a coordinator).
  t.regex(status.stdout, /running, wave [23]\/3/);
  t.regex(status.stdout, /alpha\s+1\s+completed/);
  t.regex(status.stdout, /bravo\s+2\s+(ordered|completed)/);
  t.regex(status.stdout, /charlie\s+3\s+pending/);

  const resumed = await fleet(f.dir, f.etcd.url, ['resume', id]);
  t.is(resumed.code, 0, show(resumed));
  t.regex(resumed.stdout, /succeeded/);
  for (const h of f.hosts) {
    t.is((await get(h.port)).body, 'hello 1', h.name);
    t.is(applied(h, 'f1'), 1, `${h.name} applied f1 once`);
    t.is(reported(h, id), 1, `${h.name} reported once`);
  }
});

f.test('etcd stopped for 5 s mid-rollout: the rollout waits, then goes on; nothing lost, nothing doubled', async (t) => {
  const c = startCoordinator(['update', 'web', updateFile(2), '--batch', '1', '--min-healthy', '0.5']);
  const id = await c.id;
  await f.hosts[0].sb.waitEvent({ event: 'fleet.result', rollout: id }, { timeoutMs: 20_000 });
  await f.etcd.stop();
  await sleep(5000);
  await f.etcd.start();
  const r = await c.exited;
  t.is(r.code, 0, show(r));
  for (const h of f.hosts) {
    t.is((await get(h.port)).body, 'hello 2', h.name);
    t.is(applied(h, 'f2'), 1, `${h.name} applied f2 once`);
    t.is(reported(h, id), 1, `${h.name} reported once`);
  }
});

f.test('a host daemon killed while it applies its order reports once after its restart, without applying it again', async (t) => {
  const bravo = f.hosts[1];
  const c = startCoordinator(['update', 'web', updateFile(3), '--batch', '100%', '--min-healthy', '3', '--deadline', '40']);
  const id = await c.id;
  // Killed inside --min-healthy: the order is claimed and the update in force (recorded), its result not written.
  await bravo.sb.waitEvent({ event: 'fleet.order', reason: 'min-healthy', update_id: new RegExp(id) }, { timeoutMs: 20_000 });
  await bravo.kill();
  t.is(reported(bravo, id), 0, 'no result before the restart');
  await bravo.start();
  const r = await c.exited;
  t.is(r.code, 0, show(r));
  t.is(applied(bravo, 'f3'), 1, 'applied once');
  t.is(reported(bravo, id), 1, 'reported once');
  t.is((await get(bravo.port)).body, 'hello 3');
});

f.test('a host down for a whole rollout is listed missed, and catches up with the release when it comes back, before its app is online', async (t) => {
  const charlie = f.hosts[2];
  const pid = (await charlie.pids())[0];
  t.truthy(pid);
  await charlie.stop();
  const r = await fleet(f.dir, f.etcd.url, ['update', 'web', updateFile(4), '--batch', '100%', '--min-healthy', '0.3']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /charlie\s+-\s+missed/);
  for (const h of f.hosts.slice(0, 2)) t.is((await get(h.port)).body, 'hello 4');
  const from = charlie.sb.events().length;
  await charlie.start();
  await charlie.sb.waitEvent({ event: 'fleet.result', host: 'charlie', outcome: 'completed', sha256: /./ }, { from, timeoutMs: 20_000 });
  // It lacked f4 only: f1–f3 are replayed from its own state (update.replayed), not caught up again.
  t.is((await get(charlie.port)).body, 'hello 4');
  t.deepEqual(charlie.sb.find({ event: 'fleet.order' }).slice(-1).map((e) => e.msg.includes('f4.js')), [true]);
  // SPEC 8: before its instance is app.online, like a replay.
  await charlie.sb.waitEvent({ event: 'app.online', app: 'web' }, { from, timeoutMs: 20_000 });
  const since = charlie.sb.events().slice(from);
  const caughtUp = since.findIndex((e) => e.event === 'update.completed' && e.app === 'web' && /f4/.test(e.update ?? ''));
  const online = since.findIndex((e) => e.event === 'app.online' && e.app === 'web');
  t.true(caughtUp !== -1 && online !== -1 && caughtUp < online, `f4 completed (event ${caughtUp}) before web was online (event ${online})`);
});
