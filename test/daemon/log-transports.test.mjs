// daemon.log: moultd.log's lines also go through pino transports. A file with rotation (pino-roll,
// from the registry) gets every event the app logs, each exactly once across its rotated files;
// a transport module of the user's own gets them too; moultd.log stays whole either way. A
// transport that cannot be found is refused at `start` with its path; one that fails at run time
// leaves a warning in moultd.log and the daemon serving.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor } from '../helpers/moult.mjs';

const EVENTS = 3000;
const APP = `const { log } = require('moult/runtime');
let n = 0;
const t = setInterval(() => {
  for (let k = 0; k < 100 && n < ${EVENTS}; k++) log('ev ' + n++);
  if (n === ${EVENTS}) { clearInterval(t); log('done'); setInterval(() => {}, 1000); }
}, 5);
`;

const evLines = (lines) => lines.map((l) => JSON.parse(l)).filter((e) => e.event === 'app.log' && /^ev \d+$/.test(e.msg));

function seenOnce(t, events, what) {
  const count = new Map();
  for (const e of events) count.set(e.msg, (count.get(e.msg) ?? 0) + 1);
  const missing = [];
  const twice = [];
  for (let n = 0; n < EVENTS; n++) {
    const c = count.get(`ev ${n}`) ?? 0;
    if (c === 0) missing.push(n);
    if (c > 1) twice.push(n);
  }
  t.deepEqual(missing, [], `${what}: events lost`);
  t.deepEqual(twice, [], `${what}: events written twice`);
}

test('daemon.log with pino-roll: every event reaches the rotated files once, and moultd.log too', async (t) => {
  const sb = sandbox(t);
  const rolled = path.join(sb.root, 'shipped', 'moultd');
  sb.files({
    'app.js': APP,
    'ecosystem.json': { apps: [{ name: 'chatty', script: 'app.js' }], daemon: { log: { target: 'pino-roll', options: { file: rolled, size: '64k', mkdir: true } } } },
  });
  const r = await sb.cli(['start', path.join(sb.appDir, 'ecosystem.json')]);
  t.is(r.code, 0, show(r));
  await waitFor(() => sb.find({ event: 'app.log', msg: 'done' }).length === 1, 'the app to log its last event', { timeoutMs: 60_000 });
  const shipped = () => fs.readdirSync(path.dirname(rolled)).map((f) => path.join(path.dirname(rolled), f));
  const read = () => shipped().flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean));
  // pino-roll writes from its worker thread: wait until the last event is there.
  await waitFor(() => read().some((l) => l.includes('"msg":"done"')), 'the transport to write the last event', { timeoutMs: 20_000 });
  t.true(shipped().length >= 2, `pino-roll rotated (${shipped().map((f) => path.basename(f)).join(', ')})`);
  seenOnce(t, evLines(read()), 'pino-roll');
  seenOnce(t, evLines(fs.readFileSync(path.join(sb.home, 'logs', 'moultd.log'), 'utf8').split('\n').filter(Boolean)), 'moultd.log');
  const first = JSON.parse(read()[0]);
  t.is(typeof first.time, 'number');
  t.is(typeof first.level, 'string', 'the same line as moultd.log: the level as a label');
});

test("daemon.log with a transport module of the user's own: it receives the events; a missing one is refused at start", async (t) => {
  const sb = sandbox(t);
  const out = path.join(sb.root, 'custom.jsonl');
  sb.files({
    'app.js': APP,
    // A pino transport is a module whose default export makes a writable stream (pino runs it in a worker).
    'my-transport.js': `const fs = require('node:fs'); const { Writable } = require('node:stream');
module.exports = (opts) => new Writable({ write(chunk, _enc, cb) { fs.appendFileSync(opts.file, chunk); cb(); } });\n`,
    'ecosystem.json': { apps: [{ name: 'chatty', script: 'app.js' }], daemon: { log: { target: './my-transport.js', options: { file: out }, level: 'info' } } },
    'missing.json': { apps: [{ name: 'other', script: 'app.js' }], daemon: { log: { targets: [{ target: 'pino-no-such-transport' }] } } },
  });
  const bad = await sb.cli(['start', path.join(sb.appDir, 'missing.json')]);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr, /daemon\.log\.targets\[0\]\.target: cannot find the transport "pino-no-such-transport"/);
  const r = await sb.cli(['start', path.join(sb.appDir, 'ecosystem.json')]);
  t.is(r.code, 0, show(r));
  await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('"msg":"done"'), 'the transport to get the last event', { timeoutMs: 60_000 });
  const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
  seenOnce(t, evLines(lines), 'the custom transport');
  t.true(lines.map((l) => JSON.parse(l)).some((e) => e.event === 'app.online' && e.app === 'chatty'), 'lifecycle events too');
});

test('a transport that fails at run time leaves a warning in moultd.log and the daemon serving', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'app.js': "setInterval(() => {}, 1000);\n",
    'broken-transport.js': "const { Writable } = require('node:stream');\nmodule.exports = () => new Writable({ write(_c, _e, cb) { cb(new Error('the log shipper is down')); } });\n",
    'ecosystem.json': { apps: [{ name: 'idle', script: 'app.js' }], daemon: { log: { target: './broken-transport.js' } } },
  });
  const r = await sb.cli(['start', path.join(sb.appDir, 'ecosystem.json')]);
  t.is(r.code, 0, show(r));
  await sb.waitEvent({ event: 'daemon.warning', msg: /^daemon\.log: a transport failed/ }, { timeoutMs: 20_000 });
  const ls = await sb.ls();
  t.is(ls[0]?.status, 'online', JSON.stringify(ls));
});
