// The programmatic client, as pm2 users script pm2: `import { connect } from 'moult'` (and
// `require('moult')`) talks to a real daemon: start, list, describe, update, history, rollback,
// stop, restart, delete, the structured log as an async iterator, and errors with a `code`.
// `moult/runtime` is still the in-app runtime.
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import test from 'ava';
import { connect, MoultError } from 'moult';
import { sandbox, waitFor, ROOT, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

const require = createRequire(import.meta.url);

test('require(\'moult\') is the client, moult/runtime the runtime, and importing the client loads no socket or CLI code', (t) => {
  t.is(require('moult').connect, connect);
  t.is(typeof require('moult/runtime').ThreadedManager, 'function');
  const r = spawnSync(process.execPath, ['-e', "require('moult'); console.log(JSON.stringify(Object.keys(require.cache)))"], { cwd: ROOT, encoding: 'utf8' });
  const loaded = JSON.parse(r.stdout);
  // The client and the one error base it exports (protocol/errors.js), nothing else.
  t.deepEqual(loaded.map((f) => path.relative(ROOT, f)), [path.join('dist', 'client', 'api.js'), path.join('dist', 'protocol', 'errors.js')]);
});

test('connect() drives a real daemon: start, list, events, update, history, describe, rollback, stop, restart, delete', async (t) => {
  const sb = sandbox(t, 'moult-api-');
  sb.files({ 'counter.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const client = await connect({ home: sb.home });
  t.teardown(() => client.close());
  t.is(client.home, sb.home);

  const events = client.events({ app: 'counter' });
  const { started, warnings } = await client.start({ name: 'counter', script: 'counter.js', vizion: false }, { cwd: sb.appDir });
  t.deepEqual(started, ['counter']);
  t.deepEqual(warnings.map((w) => w.path), ['apps[0].vizion']);
  const seen = [];
  for await (const e of events) {
    seen.push(e.event);
    if (e.event === 'app.log' && e.msg === 'v1') break;
  }
  t.true(seen.includes('app.started') && seen.includes('app.online'), seen.join(' '));

  const [inst] = await client.list();
  t.like(inst, { id: 0, name: 'counter', instance: 0, status: 'online' });
  sb.remember(inst.pid);

  const progress = [];
  const r = await client.update('0', path.join(sb.appDir, 'update.js'), { onEvent: (e) => progress.push(e.event) });
  t.deepEqual(r.instances[0].updates, [{ name: 'func', outcome: 'completed' }]);
  t.true(progress.includes('update.completed'));
  const d = await client.describe('counter');
  t.deepEqual(d.updates.map((u) => u.name), ['func']);
  t.true((await client.history('0')).some((h) => h.event === 'update.completed' && h.update === 'func'));

  const [undone] = await client.rollback('counter');
  t.like(undone, { ok: true, update: 'func' });

  t.deepEqual(await client.stop('counter'), ['counter']);
  t.is((await client.list())[0].status, 'stopped');
  t.deepEqual(await client.restart('counter'), ['counter']);
  await waitFor(async () => (await client.list())[0].status === 'online', 'counter online again');
  t.deepEqual(await client.delete('0'), ['counter']);
  t.deepEqual(await client.list(), []);
});

test('errors are MoultError with the daemon\'s code, and a bad app object is refused before anything starts', async (t) => {
  const sb = sandbox(t, 'moult-api-');
  const client = await connect({ home: sb.home });
  t.teardown(() => client.close());
  const unknown = await t.throwsAsync(client.stop('nosuch'), { instanceOf: MoultError });
  t.is(unknown.code, 'ENOAPP');
  const bad = await t.throwsAsync(client.start({ name: 'x', script: 'x.js', instancez: 2 }, { cwd: sb.appDir }), { instanceOf: MoultError });
  t.is(bad.code, 'ECONFIG');
  t.regex(bad.message, /apps\[0\]/);
  t.deepEqual(await client.list(), []);
  const none = await t.throwsAsync(connect({ home: path.join(sb.root, 'no-daemon'), autostart: false }), { instanceOf: MoultError });
  t.is(none.code, 'ENODAEMON');
});
