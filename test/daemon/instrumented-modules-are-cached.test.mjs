// Only an app's first start pays for instrumenting its modules: the result is kept under
// $MOULT_HOME/cache (private to the user), keyed by a hash of the instrumenter, the module's URL
// and its source, and a restarted instance uses it, with the same slots for updates.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, waitFor, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

test('a restarted instance reads its instrumented modules from the cache, and updates still take the slot path', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'c', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { c: 1 } });
  const cache = path.join(sb.home, 'cache');
  // app.online can come before the app's main module has loaded (the runtime's socket is up first).
  const entries = await waitFor(() => { const m = fs.readdirSync(cache).filter((f) => f.endsWith('.m')); return m.length ? m : null; }, 'an entry in the cache');
  t.is(entries.length, 1, 'app.js is kept');
  t.is(fs.statSync(cache).mode & 0o777, 0o700);
  const mtime = fs.statSync(path.join(cache, entries[0])).mtimeMs;

  t.is((await sb.cli(['restart', 'c'])).code, 0);
  await sb.waitEvent({ event: 'app.online', app: 'c' }, { count: 2 });
  t.is(fs.statSync(path.join(cache, entries[0])).mtimeMs, mtime, 'read, not written again');
  const r = await sb.cli(['update', 'c', 'update.js']);
  t.is(r.code, 0, r.stdout + r.stderr);
  const { event } = await sb.waitEvent({ event: 'update.applied', app: 'c', update: 'func' });
  t.is(event.via, 'slot');

  // An entry's function table (`<key>.t`) is read only when an update needs it; one that is gone
  // is made again from the module's source: the update replayed after a restart takes the slot path.
  const tables = fs.readdirSync(cache).filter((f) => f.endsWith('.t'));
  t.is(tables.length, 1, 'app.js has its table beside its code');
  fs.rmSync(path.join(cache, tables[0]));
  t.is((await sb.cli(['restart', 'c'])).code, 0);
  const replayed = await sb.waitEvent({ event: 'update.applied', app: 'c', update: 'func' }, { count: 2 });
  t.is(replayed.event.via, 'slot');
  await sb.waitEvent({ event: 'app.log', app: 'c', msg: 'v2' }, { from: replayed.index });
});
