// Issue 19 item 7 (SPEC 8, operator verbs) on three real daemons and a real etcd: fleet pause and
// resume, a --pause-after gate opened by fleet promote, --interval skipped by promote (and --full),
// --progress-deadline, fleet status --watch, fleet history and fleet diff. Each test: what the
// operator did, then what every host runs, then what the record says.
import { spawn } from 'node:child_process';
import test from 'ava';
import { sharedFleet, show, greetUpdate, healthUpdate } from './hosts.mjs';
import { CLI, waitFor } from '../helpers/moult.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie'], { hostOptions: (n) => ({ env: { ZONE: n === 'charlie' ? 'us' : 'eu' } }) });

/** Polls `fleet status <id> --json` until `ok(record)`; resolves to that record. */
async function statusWhen(id, ok, what) {
  let rec = null;
  await waitFor(async () => ok((rec = await f.status(id))), what, { timeoutMs: 60_000, intervalMs: 300 });
  return rec;
}

const runs = async (h, name) => (await h.served()) === `hello ${name}`;

f.test('fleet pause holds the rollout before its next wave (the hosts after it keep the old code); fleet resume goes on', async (t) => {
  const c = f.coordinator(['update', 'web', f.write('p1.js', greetUpdate('p1')), '--batch', '1', '--min-healthy', '4', '--deadline', '30']);
  const id = await c.id;
  const p = await f.run(['pause', id]);
  t.is(p.code, 0, show(p));
  t.regex(p.stdout, /paused: no new wave starts/);
  const held = await statusWhen(id, (r) => r.held?.why === 'paused', 'the rollout held by the pause');
  t.is(held.state, 'running');
  for (const h of f.hosts) {
    const pending = held.hosts[h.name].state === 'pending';
    t.is(await runs(h, 'p1'), !pending, `${h.name} (${held.hosts[h.name].state}) runs p1 only if its wave started`);
  }
  t.true(Object.values(held.hosts).some((h) => h.state === 'pending'), 'a wave is left to hold');
  const text = await f.run(['status', id]);
  t.regex(text.stdout, /paused before wave \d\/3/);
  const r = await f.run(['resume', id]);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /resumed/);
  const done = await c.exited;
  t.is(done.code, 0, done.stdout);
  for (const h of f.hosts) t.true(await runs(h, 'p1'), h.name);
  t.is((await f.status(id)).state, 'succeeded');
});

f.test('--pause-after 1 waits after the canary for fleet promote; status --watch follows it to the end', async (t) => {
  const c = f.coordinator(['update', 'web', f.write('g1.js', greetUpdate('g1')), '--canary', '1', '--batch', '100%', '--pause-after', '1', '--min-healthy', '1', '--deadline', '30']);
  const id = await c.id;
  const watch = spawn(process.execPath, [CLI, 'fleet', 'status', id, '--watch', '--etcd', f.etcd.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => watch.kill('SIGKILL'));
  let watched = '';
  watch.stdout.setEncoding('utf8').on('data', (d) => { watched += d; });
  const watchExit = new Promise((resolve) => watch.on('close', resolve));
  const held = await statusWhen(id, (r) => r.held?.why === 'gate', 'the rollout at its gate');
  t.true(await runs(f.host('alpha'), 'g1'), 'the canary runs g1');
  t.false(await runs(f.host('bravo'), 'g1'), 'bravo waits for the promote');
  t.false(await runs(f.host('charlie'), 'g1'), 'charlie waits for the promote');
  t.is(held.hosts.bravo.state, 'pending');
  await waitFor(() => /waiting before wave 2\/2 for `moult fleet promote`/.test(watched), 'status --watch showing the gate', { timeoutMs: 20_000 });
  const p = await f.run(['promote', id]);
  t.is(p.code, 0, show(p));
  t.regex(p.stdout, /promoted: wave 2\/2 starts/);
  const done = await c.exited;
  t.is(done.code, 0, done.stdout);
  for (const h of f.hosts) t.true(await runs(h, 'g1'), h.name);
  t.is(await watchExit, 0, watched);
  t.regex(watched, /: succeeded, wave 2\/2, 3\/3 hosts done/);
  t.regex(watched, /HOST\s+WAVE\s+STATE/);
});

f.test('--interval holds between waves; fleet promote skips one wait, --full every wait left', async (t) => {
  const c = f.coordinator(['update', 'web', f.write('i1.js', greetUpdate('i1')), '--batch', '1', '--interval', '600', '--min-healthy', '0', '--deadline', '30']);
  const id = await c.id;
  const first = await statusWhen(id, (r) => r.held?.why === 'interval', 'the interval after wave 1');
  t.is(first.wave, 1);
  t.true(await runs(f.host('alpha'), 'i1'));
  t.false(await runs(f.host('bravo'), 'i1'), 'bravo waits out the interval');
  const p = await f.run(['promote', id]);
  t.is(p.code, 0, show(p));
  const second = await statusWhen(id, (r) => r.held?.why === 'interval' && r.wave === 2, 'the interval after wave 2');
  t.is(second.hosts.bravo.state, 'completed');
  t.false(await runs(f.host('charlie'), 'i1'), 'charlie waits out the second interval');
  const full = await f.run(['promote', id, '--full']);
  t.is(full.code, 0, show(full));
  t.regex(full.stdout, /every wave left starts/);
  const done = await c.exited;
  t.is(done.code, 0, done.stdout);
  for (const h of f.hosts) t.true(await runs(h, 'i1'), h.name);
});

f.test('--progress-deadline: a rollout whose waves take longer is rolled back on every host, cause progress-deadline (exit 1)', async (t) => {
  const r = await f.run(['update', 'web', f.write('pd.js', greetUpdate('pd')), '--batch', '1', '--min-healthy', '3', '--deadline', '20', '--progress-deadline', '2']);
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /--progress-deadline 2 s/);
  for (const h of f.hosts) {
    t.false((await h.updates()).includes('pd'), `${h.name} does not run pd`);
    t.true(await runs(h, 'i1'), `${h.name} runs the release`);
  }
  const id = /^rollout (\S+):/m.exec(r.stdout)[1];
  const rec = await f.status(id);
  t.is(rec.state, 'rolledback');
  t.is(rec.cause, 'progress-deadline');
});

f.test('fleet pause, promote and resume of a rollout that is over say so (exit 1); a bad --pause-after is exit 2', async (t) => {
  const r = await f.run(['update', 'web', f.write('o1.js', greetUpdate('o1')), '--batch', '100%', '--min-healthy', '0']);
  t.is(r.code, 0, show(r));
  const id = /^rollout (\S+):/m.exec(r.stdout)[1];
  for (const verb of ['pause', 'promote']) {
    const v = await f.run([verb, id]);
    t.is(v.code, 1, show(v));
    t.regex(v.stderr, /is over \(succeeded\)/);
  }
  const bad = await f.run(['update', 'web', 'o1.js', '--pause-after', '0']);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr, /--pause-after: expected wave numbers/);
});

f.test('fleet history lists the app\'s rollouts, how each ended, its release; fleet diff names a host whose code differs, and why', async (t) => {
  const h = await f.run(['history', 'web']);
  t.is(h.code, 0, show(h));
  t.regex(h.stdout, /update p1\.js\s+succeeded/);
  t.regex(h.stdout, /update pd\.js\s+rolledback.*--progress-deadline/);
  t.regex(h.stdout, /release of web: .*p1\.js.*g1\.js.*i1\.js/);
  t.regex(h.stdout, /withdrawn: pd\.js \(\S+, reverted\)/);
  const hj = JSON.parse((await f.run(['history', 'web', '--json'])).stdout);
  t.deepEqual(hj.rollouts.map((p) => p.name).filter((n) => ['p1.js', 'g1.js', 'i1.js', 'pd.js'].includes(n)), ['p1.js', 'g1.js', 'i1.js', 'pd.js']);

  let d;
  await waitFor(async () => (d = await f.run(['diff', 'web'])).code === 0, 'every host in sync', { timeoutMs: 30_000, intervalMs: 500 });
  t.regex(d.stdout, /every live host of web runs its release/);

  // charlie's zone fails zb's health gate; --max-failures 1 lets the rollout succeed without it.
  const zb = await f.run(['update', 'web', f.write('zb.js', healthUpdate('zb', "env.ZONE === 'us'", 503)), '--batch', '100%', '--max-failures', '1', '--min-healthy', '1']);
  t.is(zb.code, 0, show(zb));
  await waitFor(async () => (d = await f.run(['diff', 'web'])).code === 1 && /charlie\s+differs/.test(d.stdout), 'charlie differing', { timeoutMs: 30_000, intervalMs: 500 });
  t.regex(d.stdout, /charlie\s+differs\s+zb\.js: failed here, not tried again until the release changes/);
  t.regex(d.stdout, /alpha\s+in-sync/);
  t.regex(d.stdout, /1 of 3 host\(s\) differ/);
  const dj = JSON.parse((await f.run(['diff', 'web', '--json'])).stdout);
  t.deepEqual(dj.hosts.find((x) => x.host === 'charlie').missing, ['zb.js']);
  t.false(await f.host('charlie').updates().then((u) => u.includes('zb')), 'charlie does not run zb');
});
