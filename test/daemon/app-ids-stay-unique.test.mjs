// Audit side note (hostile-input 2026-12-03, under 1.13): `resurrect` of an edited dump.json gave
// a new app id 0 while a running app already had id 0. An id asked for (from state.json or a dump)
// is kept only when no other app holds it; otherwise the app gets the lowest free one.
import { createRequire } from 'node:module';
import test from 'ava';

const require = createRequire(import.meta.url);
const { AppIds } = require('../../dist/daemon/state/app-ids.js');

test('an id asked for that another app holds is not given twice', (t) => {
  const ids = new AppIds();
  t.is(ids.assign('web'), 0);
  t.is(ids.assign('evil', 0), 1);
  t.is(ids.assign('other', 1), 2);
  t.is(ids.assign('free', 7), 7);
  t.is(ids.assign('next'), 3);
  t.is(ids.resolve('0'), 'web');
  t.is(ids.resolve('1'), 'evil');
});
