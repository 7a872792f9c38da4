// Issue 11, findings 2 and 4: state.json is written as temp file (inside the home, created with
// O_EXCL|O_NOFOLLOW) + fsync + rename + fsync of the folder, so that neither a crash nor a power
// loss leaves half a file, and a symlink planted at the temp file's name is never followed.
// These run writeState (dist/daemon/state/store.js) in this process, watching its fs calls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';
import { ROOT } from '../helpers/moult.mjs';

const require = createRequire(import.meta.url);
const { writeState } = require(path.join(ROOT, 'dist', 'daemon', 'state', 'store.js'));

const STATE = { version: 1, daemon_pid: process.pid, apps: [] };

function tempHome(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-state-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Records the calls writeState makes to these fs functions, in order. */
function spyFs(t, names) {
  const calls = [];
  const saved = {};
  for (const n of names) {
    saved[n] = fs[n];
    fs[n] = function (...args) {
      const out = saved[n].apply(this, args);
      calls.push({ fn: n, args, out });
      return out;
    };
  }
  const restore = () => { for (const n of names) fs[n] = saved[n]; };
  t.teardown(restore);
  return { calls, restore };
}

test.serial('state.json: temp file opened O_EXCL|O_NOFOLLOW in the home, fsynced before the rename, then the folder fsynced', (t) => {
  const home = tempHome(t);
  const file = path.join(home, 'state.json');
  const spy = spyFs(t, ['openSync', 'writeSync', 'writeFileSync', 'fsyncSync', 'renameSync', 'closeSync']);
  writeState(file, STATE);
  spy.restore();

  t.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), STATE);
  const rename = spy.calls.findIndex((c) => c.fn === 'renameSync');
  t.true(rename !== -1, 'written by rename');
  const tmp = spy.calls[rename].args[0];
  t.is(path.dirname(tmp), home, 'the temp file is inside the home');
  const open = spy.calls.find((c) => c.fn === 'openSync' && c.args[0] === tmp);
  t.truthy(open, `the temp file is opened with openSync (calls: ${spy.calls.map((c) => c.fn).join(', ')})`);
  const flags = open?.args[1];
  t.is(typeof flags, 'number', 'numeric open flags');
  t.truthy(flags & fs.constants.O_EXCL, 'O_EXCL');
  t.truthy(flags & fs.constants.O_NOFOLLOW, 'O_NOFOLLOW');
  t.is(fs.statSync(file).mode & 0o777, 0o600, 'state.json is 0600');

  const fsyncs = spy.calls.map((c, i) => ({ ...c, i })).filter((c) => c.fn === 'fsyncSync');
  t.true(fsyncs.some((c) => c.i < rename && c.args[0] === open?.out), 'the temp file is fsynced before the rename');
  t.true(fsyncs.some((c) => c.i > rename), 'the folder is fsynced after the rename');
  t.deepEqual(fs.readdirSync(home).filter((f) => f !== 'state.json'), [], 'no temp file is left');
});

test.serial('a symlink planted at the state temp file name is not followed', (t) => {
  const home = tempHome(t);
  const victim = path.join(home, '..', `${path.basename(home)}-victim.txt`);
  fs.writeFileSync(victim, 'precious\n');
  t.teardown(() => fs.rmSync(victim, { force: true }));
  fs.symlinkSync(victim, path.join(home, `.state.${process.pid}.tmp`));

  const warnings = [];
  try {
    writeState(path.join(home, 'state.json'), STATE, (msg) => warnings.push(msg));
  } finally {
    t.is(fs.readFileSync(victim, 'utf8'), 'precious\n', 'the symlink target was not written');
  }
  const file = path.join(home, 'state.json');
  t.true(fs.lstatSync(file).isFile(), 'state.json is a regular file (the link was not renamed into place)');
  t.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), STATE);
  t.true(warnings.some((w) => w.includes(`.state.${process.pid}.tmp`)), `a warning names the planted link: ${JSON.stringify(warnings)}`);
});
