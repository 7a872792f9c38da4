// Issue 11, findings 3 and 8, at the daemon's edge (daemon/requests.ts): whatever reaches the
// control socket (the CLI's checks bypassed) is bounded. A timeout outside 1 ms .. 24 h, an
// update source that would not fit in a frame, an app name over 128 characters or with control
// characters are refused with the limit named, a warn line, and an echo of at most ~40
// characters; `constructor` / `prototype` are ordinary app names; an update that does not parse
// is never stored under updates/ and its error quotes nothing of the file.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { controlRequest, sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const APP = 'setInterval(() => {}, 1000);\n';

let sb;
let pid;
test.before(async () => {
  sb = sandbox();
  sb.files({ 'app.js': APP, 'noop.js': 'module.exports = () => [];\n' });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'app', script: 'app.js' }]), { apps: { app: 1 } });
  [{ pid }] = await sb.ls();
});
test.after.always(async () => { await sb?.cleanup(); });

const request = (body) => controlRequest(sb.home, body);

const since = (from) => sb.events().slice(from);

async function appUntouched(t) {
  const [inst] = await sb.ls();
  t.like(inst, { name: 'app', status: 'online', pid });
}

test.serial('timeoutMs outside 1 ms .. 24 h is refused, naming timeoutMs and the bounds', async (t) => {
  const file = path.join(sb.appDir, 'noop.js');
  for (const timeoutMs of [0.5, 0, -1, 86_400_001, 3_000_000_000, 1e300]) {
    for (const verb of ['update', 'patch']) {
      const from = sb.events().length;
      const { frame } = await request({ verb, app: 'app', file, wait: true, timeoutMs });
      t.is(frame.type, 'error', `${verb} timeoutMs=${timeoutMs}: ${JSON.stringify(frame)}`);
      t.regex(frame.error.message, /timeoutMs/, JSON.stringify(frame));
      t.regex(frame.error.message, /86400000|24 ?h/, JSON.stringify(frame));
      t.deepEqual(since(from).filter((e) => e.event === 'update.received'), []);
    }
  }
  await appUntouched(t);
});

test.serial('an update source too large for a frame: error naming the limit, a warn line, nothing sent to the app', async (t) => {
  const from = sb.events().length;
  const big = path.join(sb.appDir, 'big.js');
  fs.writeFileSync(big, `module.exports = () => [];\n//${'x'.repeat(17 * 1024 * 1024)}\n`);
  const started = Date.now();
  const { frame } = await request({ verb: 'update', app: 'app', file: big, wait: true, timeoutMs: 5000 });
  t.true(Date.now() - started < 4000, 'refused at once, not after the timeout');
  t.is(frame.type, 'error', JSON.stringify(frame).slice(0, 500));
  t.regex(frame.error.message, /limit/i);
  t.regex(frame.error.message, /MiB/);
  t.true(frame.error.message.includes(big));
  const { event } = await sb.waitEvent({ event: 'update.rejected', app: 'app', level: 'warn' }, { from, timeoutMs: 2000 });
  t.regex(String(event.reason), /limit/i);
  t.deepEqual(since(from).filter((e) => e.event === 'update.received' || e.event === 'update.queued'), []);
  t.false(fs.existsSync(path.join(sb.home, 'updates')) && fs.readdirSync(path.join(sb.home, 'updates')).length > 0, 'nothing stored');
  fs.rmSync(big);
  await appUntouched(t);
});

test.serial('an app name over 128 characters: refused naming the limit, echoed truncated, logged bounded', async (t) => {
  const from = sb.events().length;
  const long = 'a'.repeat(1024 * 1024);
  for (const body of [
    { verb: 'stop', target: long },
    { verb: 'update', app: long, file: path.join(sb.appDir, 'noop.js'), wait: true, timeoutMs: 1000 },
    { verb: 'rollback', app: long },
  ]) {
    const { frame, bytes } = await request(body);
    const msg = String(frame.error?.message).slice(0, 300);
    t.is(frame.type, 'error', JSON.stringify(frame).slice(0, 300));
    t.true(/128/.test(frame.error.message), `names the limit: ${msg}`);
    t.true(bytes < 400, `the error frame is short (${bytes} bytes): ${msg}`);
    t.true(frame.error.message.includes('…'), `the echo is truncated: ${msg}`);
  }
  await waitFor(() => since(from).some((e) => e.level === 'warn'), 'a warn line');
  const text = fs.readFileSync(path.join(sb.home, 'logs', 'moultd.log'), 'utf8');
  t.false(text.includes('a'.repeat(200)), 'the log does not hold the long name');
  // Through `moult start`, too (the ecosystem schema has no length limit of its own).
  const name = `n${'x'.repeat(200)}`;
  const r = await sb.cli(['start', sb.ecosystem([{ name, script: 'app.js' }], 'long.json')]);
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /128/, show(r));
  const raw = await request({ verb: 'start', apps: [{ ...JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8')).apps[0].config, name }] });
  t.is(raw.frame.type, 'error', JSON.stringify(raw.frame).slice(0, 300));
  t.true(/128/.test(raw.frame.error.message), String(raw.frame.error.message).slice(0, 300));
  t.deepEqual((await sb.ls()).map((i) => i.name), ['app']);
});

test.serial('app names with newlines or control characters are refused, escaped in the error', async (t) => {
  for (const bad of ['app\nforged line', 'app\u001b[2J', 'app\r', 'ap\u0000p']) {
    const { frame } = await request({ verb: 'stop', target: bad });
    t.is(frame.type, 'error', JSON.stringify(frame));
    t.notRegex(frame.error.message, /[\u0000-\u001f\u007f]/, JSON.stringify(frame.error.message));
    t.regex(frame.error.message, /request\.target/, frame.error.message);
  }
  await appUntouched(t);
});

test.serial('apps named constructor and prototype are started, listed, updated and stopped like any other', async (t) => {
  const eco = sb.ecosystem([{ name: 'constructor', script: 'app.js' }, { name: 'prototype', script: 'app.js' }], 'proto.json');
  await startAndWaitOnline(sb, eco, { apps: { constructor: 1, prototype: 1 } });
  t.deepEqual((await sb.ls()).map((i) => i.name).sort(), ['app', 'constructor', 'prototype']);
  const u = await sb.cli(['update', 'constructor', 'noop.js']);
  t.is(u.code, 0, show(u));
  for (const n of ['constructor', 'prototype']) {
    const d = await sb.cli(['delete', n]);
    t.is(d.code, 0, show(d));
  }
  // __proto__ and names like it are refused by the name rule, not silently mislaid.
  const { frame } = await request({ verb: 'stop', target: '__proto__' });
  t.is(frame.type, 'error');
  t.deepEqual((await sb.ls()).map((i) => i.name), ['app']);
});

test.serial('an update that does not parse is not stored, and its error quotes nothing of the file', async (t) => {
  const from = sb.events().length;
  const SECRET = 'hunter2SECRETtoken';
  sb.files({
    'bad.js': `module.exports = () => [];\nconst password = 1 ${SECRET} ;\n`,
    'bad2.js': `module.exports = () => [];\nconst s = "${SECRET}\n`,
    'bad.mjs': `export default () => [];\nexport const x = ${SECRET} ${SECRET};\n`,
  });
  for (const file of ['bad.js', 'bad2.js', 'bad.mjs']) {
    const r = await sb.cli(['update', 'app', file]);
    t.is(r.code, 2, show(r));
    t.regex(r.stdout + r.stderr, /syntax error/i, show(r));
    t.true((r.stdout + r.stderr).includes(file), `names the file: ${show(r)}`);
    t.regex(r.stdout + r.stderr, /:2:\d+/, `line and column: ${show(r)}`);
    t.false((r.stdout + r.stderr).includes(SECRET), `quotes nothing of the file: ${show(r)}`);
    t.false((r.stdout + r.stderr).includes('password'), `quotes nothing of the file: ${show(r)}`);
  }
  await sb.waitEvent({ event: 'update.rejected', app: 'app', update: 'bad' }, { from, timeoutMs: 3000 });
  const text = fs.readFileSync(path.join(sb.home, 'logs', 'moultd.log'), 'utf8');
  t.false(text.includes(SECRET), 'the log quotes nothing of the files');
  const dir = path.join(sb.home, 'updates');
  const stored = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  for (const f of stored) t.false(fs.readFileSync(path.join(dir, f), 'utf8').includes(SECRET), `updates/${f} holds a file that does not parse`);
  await appUntouched(t);
});
