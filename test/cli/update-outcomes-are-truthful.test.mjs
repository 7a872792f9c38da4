// Issue 11, finding 3: `moult update` / `moult patch` exit 0 only when every instance confirmed
// completion of every update the module produced. An instance that does not answer within
// --timeout (SIGSTOPped, or a timeout too short to answer in) is "pending on app[n]", exit 1,
// never "the module produced no update" with exit 0. --timeout is bounded (1 ms .. 24 h), and an
// update file whose source would not fit in a frame is refused before anything is sent (exit 2).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

// A module that produces no update: the instance answers (update.loaded, []) at once.
const NOOP = 'module.exports = () => [];\n';
const APP = 'setInterval(() => {}, 1000);\nmodule.exports = { ok: true };\n';

let sb;
let stopped = null;
test.before(async () => {
  sb = sandbox();
  sb.files({
    'app.js': APP, 'noop.js': NOOP, 'lib.js': 'module.exports = 1;\n',
    // Takes 300 ms to load: however loaded the machine, no instance answers within 1 ms.
    'slow-noop.js': 'const end = Date.now() + 300; while (Date.now() < end);\nmodule.exports = () => {};\n',
  });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'app', script: 'app.js', instances: 2 }]), { apps: { app: 2 } });
});
test.after.always(async () => {
  if (stopped) try { process.kill(stopped, 'SIGCONT'); } catch { /* gone */ }
  await sb?.cleanup();
});

const received = (from) => sb.events().slice(from).filter((e) => e.event === 'update.received');

test.serial('bad --timeout values exit 2 naming --timeout, and send nothing', async (t) => {
  const from = sb.events().length;
  for (const verb of ['update', 'patch']) {
    for (const v of ['0', '-1', 'abc', 'NaN', 'Infinity', '0.0001', '86401', '3000000']) {
      const file = verb === 'update' ? 'noop.js' : 'lib.js';
      const r = await sb.cli([verb, 'app', file, '--timeout', v]);
      t.is(r.code, 2, `moult ${verb} --timeout ${v}: ${show(r)}`);
      t.regex(r.stderr, /--timeout/, `moult ${verb} --timeout ${v}: ${show(r)}`);
    }
  }
  t.deepEqual(received(from), [], 'nothing reached the daemon');
});

test.serial('the bounds themselves are accepted: --timeout 86400 completes, exit 0', async (t) => {
  const r = await sb.cli(['update', 'app', 'noop.js', '--timeout', '86400']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /app\[0\] the module produced no update/, show(r));
  t.regex(r.stdout, /app\[1\] the module produced no update/, show(r));
});

test.serial('--timeout 0.001: no instance can answer in 1 ms: exit 1, pending on each, never "produced no update"', async (t) => {
  const r = await sb.cli(['update', 'app', 'slow-noop.js', '--timeout', '0.001']);
  t.is(r.code, 1, show(r));
  t.regex(r.stdout + r.stderr, /pending on app\[0\]/, show(r));
  t.regex(r.stdout + r.stderr, /pending on app\[1\]/, show(r));
  t.notRegex(r.stdout, /produced no update/, show(r));
  // It goes on in each instance; the next update waits for it to be over everywhere (SPEC 6.6),
  // then completes. (Without this wait the next test could SIGSTOP app[1] while it still loads
  // slow-noop: its update would then wait for it too, and app[0] would be "pending" as well.)
  const next = await sb.cli(['update', 'app', 'noop.js']);
  t.is(next.code, 0, show(next));
});

test.serial('a SIGSTOPped instance does not answer: exit 1, "pending on app[1]" (and only it)', async (t) => {
  const stop = async () => {
    const one = (await sb.ls()).find((i) => i.instance === 1);
    process.kill(one.pid, 'SIGSTOP');
    stopped = one.pid;
  };
  const resume = () => {
    process.kill(stopped, 'SIGCONT');
    stopped = null;
  };
  await stop();
  try {
    const r = await sb.cli(['update', 'app', 'noop.js', '--timeout', '2']);
    t.is(r.code, 1, show(r));
    t.regex(r.stdout + r.stderr, /pending on app\[1\]/, show(r));
    t.notRegex(r.stdout + r.stderr, /pending on app\[0\]/, show(r));
    t.regex(r.stdout, /app\[0\] the module produced no update/, show(r));
    t.notRegex(r.stdout, /app\[1\] the module produced no update/, show(r));
  } finally {
    resume();
  }
  // The update goes on in app[1] once it runs again; the next update of the app waits for it to be
  // over (SPEC 6.6: one release change at a time), then completes.
  const next = await sb.cli(['update', 'app', 'noop.js']);
  t.is(next.code, 0, show(next));
  await stop();
  try {
    // --json says the same: exit 1, instance 1 not answered.
    const j = await sb.cli(['update', 'app', 'noop.js', '--timeout', '1', '--json']);
    t.is(j.code, 1, show(j));
    const res = JSON.parse(j.stdout);
    t.is(res.instances.find((i) => i.instance === 1).answered, false, j.stdout);
    t.is(res.instances.find((i) => i.instance === 0).answered, true, j.stdout);
  } finally {
    resume();
  }
});

test.serial('an update or patch file too large for a frame: exit 2 naming the file and the limit, nothing sent', async (t) => {
  const from = sb.events().length;
  // 17 MiB on disk; and 9 MiB of quotes, which JSON encoding doubles past the frame limit.
  const big = path.join(sb.appDir, 'big.js');
  fs.writeFileSync(big, `module.exports = () => [];\n//${'x'.repeat(17 * 1024 * 1024)}\n`);
  const quoted = path.join(sb.appDir, 'quoted.js');
  fs.writeFileSync(quoted, `module.exports = () => [];\n//${'"'.repeat(9 * 1024 * 1024)}\n`);
  for (const [verb, file] of [['update', big], ['update', quoted], ['patch', big]]) {
    const r = await sb.cli([verb, 'app', file]);
    t.is(r.code, 2, `moult ${verb} ${file}: ${show(r).slice(0, 2000)}`);
    t.true(r.stderr.includes(file), `stderr names ${file}: ${r.stderr.slice(0, 500)}`);
    t.regex(r.stderr, /limit/i, r.stderr.slice(0, 500));
    t.regex(r.stderr, /MiB/, r.stderr.slice(0, 500));
  }
  t.deepEqual(received(from), [], 'nothing reached the daemon');
  await waitFor(async () => (await sb.ls()).every((i) => i.status === 'online'), 'both instances still online');
});

test.serial('a request too large for a frame is refused by the CLI (exit 2), never left waiting for an answer', async (t) => {
  const eco = sb.ecosystem([{ name: 'big', script: 'app.js', env: { BIG: 'x'.repeat(17 * 1024 * 1024) } }], 'big.json');
  const r = await sb.cli(['start', eco], { timeoutMs: 20_000 });
  t.is(r.code, 2, show(r).slice(0, 2000));
  t.regex(r.stderr, /too large/, r.stderr.slice(0, 500));
  t.regex(r.stderr, /16 MiB/, r.stderr.slice(0, 500));
  t.false((await sb.ls()).some((i) => i.name === 'big'));
});
