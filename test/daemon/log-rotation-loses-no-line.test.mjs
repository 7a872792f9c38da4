// daemon.logs {max_size, retain}: an app's out and err files and moultd.log are rotated
// (<file>.1, .2…) while the app writes as fast as it can, and every line is found exactly once
// across the live file and the rotated ones: nothing lost, nothing written twice.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';

// The daemon (started by the CLI, with this environment) looks at the files' sizes every 50 ms.
process.env.MOULT_LOG_CHECK_MS = '50';
import { sandbox, show, waitFor } from '../helpers/moult.mjs';

const LINES = 12000;
const APP = `const { log } = require('moult/runtime');
const pad = 'x'.repeat(40);
let n = 0;
// Bursts with barely a pause: the files are being written to whenever the daemon rotates them.
const t = setInterval(() => {
  for (let k = 0; k < 200 && n < ${LINES}; k++, n++) {
    console.log('out ' + n + ' ' + pad);
    console.error('err ' + n + ' ' + pad);
    if (n % 20 === 0) log('ev ' + n);
  }
  if (n === ${LINES}) { clearInterval(t); console.log('done'); setInterval(() => {}, 1000); }
}, 2);
`;

/** The lines of `file` and of every `file.N`, oldest first. */
function allLines(file) {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const rotated = fs.readdirSync(dir).filter((n) => n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)));
  rotated.sort((a, b) => Number(b.slice(base.length + 1)) - Number(a.slice(base.length + 1)));
  const files = [...rotated.map((n) => path.join(dir, n)), file];
  return { files, lines: files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)) };
}

function countOnce(t, lines, pattern, expected, what) {
  const seen = new Map();
  for (const l of lines) {
    const m = pattern.exec(l);
    if (m) seen.set(Number(m[1]), (seen.get(Number(m[1])) ?? 0) + 1);
  }
  const missing = [];
  const twice = [];
  for (let n = 0; n < LINES; n += expected) {
    if (!seen.has(n)) missing.push(n);
    else if (seen.get(n) > 1) twice.push(n);
  }
  t.deepEqual(missing, [], `${what}: lines lost`);
  t.deepEqual(twice, [], `${what}: lines written twice`);
}

test('app logs and moultd.log rotate by daemon.logs with every line kept exactly once', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'app.js': APP,
    'ecosystem.json': { apps: [{ name: 'chatty', script: 'app.js' }], daemon: { logs: { max_size: '16K', retain: 100 } } },
  });
  // Not startAndWaitOnline: its events may already be in a rotated moultd.log when it looks.
  const r = await sb.cli(['start', path.join(sb.appDir, 'ecosystem.json')]);
  t.is(r.code, 0, show(r));
  const out = path.join(sb.home, 'logs', 'chatty-0.out.log');
  const err = path.join(sb.home, 'logs', 'chatty-0.err.log');
  const moultd = path.join(sb.home, 'logs', 'moultd.log');
  await waitFor(() => allLines(out).lines.includes('done'), 'the app to finish writing', { timeoutMs: 20_000 });
  // A file past max_size when the app finished is rotated once more: read once that is over, or a
  // rename between listing the files and reading them would hide one of them from the count.
  const settled = (f) => { try { return fs.statSync(f).size < 16 * 1024; } catch { return false; } };
  await waitFor(() => settled(out) && settled(err), 'the last rotation after the app finished', { timeoutMs: 10_000 });

  const o = allLines(out);
  const e = allLines(err);
  t.true(o.files.length >= 4, `stdout rotated several times: ${o.files.map((f) => path.basename(f))}`);
  t.true(e.files.length >= 4, `stderr rotated several times: ${e.files.map((f) => path.basename(f))}`);
  // Said on failure: how each rotation was done.
  const how = () => allLines(moultd).lines.filter((l) => l.includes('"log.rotated"')).map((l) => JSON.parse(l)).map((x) => `${path.basename(x.file)}: ${x.reason}`).join(', ');
  countOnce(t, o.lines, /^out (\d+) /, 1, `stdout (rotations: ${how()})`);
  countOnce(t, e.lines, /^err (\d+) /, 1, `stderr (rotations: ${how()})`);
  // A file is rotated only once it has passed max_size.
  for (const f of o.files.slice(0, -1)) t.true(fs.statSync(f).size >= 16 * 1024, `${f}: ${fs.statSync(f).size} bytes`);

  // The structured log rotated too, and every app.log event is in exactly one of its files.
  await waitFor(() => allLines(moultd).lines.some((l) => l.includes(`"msg":"ev ${LINES - 20}"`)), 'the last app.log event', { timeoutMs: 10_000 });
  const m = allLines(moultd);
  t.true(m.files.length >= 2, `moultd.log rotated: ${m.files.map((f) => path.basename(f))}`);
  const events = m.lines.map((l) => JSON.parse(l));
  countOnce(t, events.filter((x) => x.event === 'app.log').map((x) => x.msg), /^ev (\d+)$/, 20, 'moultd.log app.log events');
  t.true(events.some((x) => x.event === 'log.rotated' && x.file === out), 'log.rotated names the app log');
});

// A node app writes before its runtime is connected (here: a module required before moult's
// preload writes for 1.5 s, so there is no runtime socket yet to attach to): its files are not
// copied-and-truncated under it (that loses lines under load); they are rotated by renaming once
// the runtime is there to reopen them.
const BUSY_START = `const sleep = new Int32Array(new SharedArrayBuffer(4));
const end = Date.now() + 1500;
let n = 0;
while (Date.now() < end) {
  for (let k = 0; k < 20; k++, n++) console.error('err ' + n + ' ' + 'x'.repeat(40));
  Atomics.wait(sleep, 0, 0, 1);
}
console.error('done ' + n);
`;

test('output written before the runtime is connected is not lost to a rotation', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'busy-start.js': BUSY_START,
    'idle.js': 'setInterval(() => {}, 1000);\n',
    'ecosystem.json': { apps: [{ name: 'busy', script: 'idle.js', node_args: ['--require', './busy-start.js'] }], daemon: { logs: { max_size: '16K', retain: 100 } } },
  });
  const r = await sb.cli(['start', path.join(sb.appDir, 'ecosystem.json')]);
  t.is(r.code, 0, show(r));
  const err = path.join(sb.home, 'logs', 'busy-0.err.log');
  await waitFor(() => allLines(err).lines.some((l) => l.startsWith('done ')), 'the app to finish writing', { timeoutMs: 20_000 });
  await sb.waitEvent({ event: 'app.online', app: 'busy' });
  const { lines } = allLines(err);
  const total = Number(lines.find((l) => l.startsWith('done ')).slice(5));
  const seen = new Set(lines.map((l) => /^err (\d+) /.exec(l)?.[1]).filter(Boolean).map(Number));
  const missing = [];
  for (let n = 0; n < total; n++) if (!seen.has(n)) missing.push(n);
  t.deepEqual(missing.slice(0, 20), [], `${missing.length} of ${total} lines lost`);
  // Rotated, and only by renaming once the runtime could reopen: never copied and truncated under it.
  const rotations = allLines(path.join(sb.home, 'logs', 'moultd.log')).lines.map((l) => JSON.parse(l)).filter((x) => x.event === 'log.rotated' && x.file === err);
  t.true(rotations.length >= 1, 'the file was rotated');
  t.deepEqual(rotations.map((x) => x.reason).filter((reason) => reason !== 'reopen'), []);
});
