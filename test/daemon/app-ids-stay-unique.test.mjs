// Audit side note (hostile-input 2026-12-03, under 1.13): `resurrect` of an edited dump.json gave
// a new app id 0 while a running app already had id 0. An id asked for (from state.json or a dump)
// is kept only when no other process holds it; otherwise the process gets the lowest free one.
// Since issue 21 ids number processes (pm2's pm_id), not apps: daemon/state/process-ids.ts.
import { createRequire } from 'node:module';
import test from 'ava';

const require = createRequire(import.meta.url);
const { ProcessIds } = require('../../dist/daemon/state/process-ids.js');

test('an id asked for that another process holds is not given twice', (t) => {
  const ids = new ProcessIds();
  t.is(ids.assign('web', 0), 0);
  t.is(ids.assign('evil', 0, 0), 1);
  t.is(ids.assign('other', 0, 1), 2);
  t.is(ids.assign('free', 0, 7), 7);
  t.is(ids.assign('next', 0), 3);
  t.is(ids.assign('web', 1), 4, 'another instance of web: a process of its own');
  t.deepEqual(ids.find('0'), { app: 'web', index: 0 });
  t.deepEqual(ids.find('1'), { app: 'evil', index: 0 });
  ids.forget('evil', 0);
  t.is(ids.assign('late', 0), 1, 'a freed id is the lowest free one again');
});
