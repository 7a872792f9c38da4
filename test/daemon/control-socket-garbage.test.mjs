// SPEC 9: on any input from the control socket the daemon never crashes; malformed frames,
// oversized frames (> 16 MiB) and unknown verbs get a clear error to the sender and a `warn`
// line (event daemon.warning) in the log, and nothing else changes: `moult ls` still answers and
// the app runs on with the same pid.
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, tickerApp, waitFor } from '../helpers/moult.mjs';

const MAX_FRAME = 16 * 1024 * 1024;

/** A raw connection to moultd.sock that collects the newline-delimited JSON frames it receives. */
function rawConnect(home) {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection(path.join(home, 'moultd.sock'));
    const conn = { sock, frames: [], closed: false, rest: '' };
    sock.setEncoding('utf8');
    sock.on('data', (d) => {
      const parts = (conn.rest + d).split('\n');
      conn.rest = parts.pop();
      for (const p of parts) if (p.trim()) conn.frames.push(JSON.parse(p));
    });
    sock.on('close', () => { conn.closed = true; });
    sock.on('error', () => {});
    sock.once('connect', () => resolve(conn));
    sock.once('error', reject);
  });
}

const write = (conn, data) => new Promise((resolve, reject) => conn.sock.write(data, (err) => (err ? reject(err) : resolve())));

async function nextFrame(conn, pred = () => true, what = 'a reply frame') {
  return waitFor(() => conn.frames.find(pred), what, { timeoutMs: 8000 });
}

// One daemon and one app for the whole file; the tests run one after the other, each checking
// its own warnings (from the log position it started at) and the daemon's health afterwards.
let sb;
let pid;
test.before(async (t) => {
  sb = sandbox();
  sb.files({ 'app.js': tickerApp('tick', 500) });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'app', script: 'app.js' }]), { apps: { app: 1 } });
  [{ pid }] = await sb.ls();
  t.truthy(pid);
});
test.after.always(async () => { await sb?.cleanup(); });

async function stillHealthy(t) {
  const r = await sb.cli(['ls', '--json']);
  t.is(r.code, 0, show(r));
  const list = JSON.parse(r.stdout);
  t.is(list.length, 1);
  t.like(list[0], { name: 'app', status: 'online', pid });
  t.is(sb.find({ event: 'daemon.started' }).length, 1, 'the daemon never restarted');
}

const warningsSince = (from) => sb.events().slice(from).filter((e) => e.event === 'daemon.warning');

test.serial('a line that is not JSON gets an error frame and a warning', async (t) => {
  const from = sb.events().length;
  const conn = await rawConnect(sb.home);
  await write(conn, 'not json\n');
  const f = await nextFrame(conn);
  t.is(f.type, 'error', JSON.stringify(f));
  t.is(f.id, null);
  t.regex(f.error.message, /malformed|JSON/i);
  const { event } = await sb.waitEvent({ event: 'daemon.warning', level: 'warn' }, { from });
  t.regex(event.msg, /malformed/);
  // The same connection still serves a good request afterwards.
  await write(conn, JSON.stringify({ id: 7, verb: 'ping' }) + '\n');
  const pong = await nextFrame(conn, (x) => x.id === 7, 'the ping result');
  t.is(pong.type, 'result');
  conn.sock.destroy();
  await stillHealthy(t);
});

test.serial('valid JSON that is not a request: the error names the unknown verb', async (t) => {
  const from = sb.events().length;
  const conn = await rawConnect(sb.home);
  await write(conn, '{"id":1,"verb":"explode"}\n');
  const f = await nextFrame(conn);
  t.like(f, { id: 1, type: 'error' });
  t.regex(f.error.message, /explode/);
  const { event } = await sb.waitEvent({ event: 'daemon.warning', level: 'warn' }, { from });
  t.regex(event.msg, /explode/);
  // Other shapes that are not requests: each answered with an error, none taken as a request.
  // (An unknown app is answered too, but logs no warning: see the failing test in
  // test/cli/cli-exit-codes-and-help.test.mjs.)
  const bad = [
    ['[1,2,3]', null, /object/],
    ['"ls"', null, /object/],
    ['{"verb":"ls"}', null, /request\.id/],
    ['{"id":2,"verb":"stop"}', 2, /request\.target/],
    ['{"id":3,"verb":"update","app":"app","file":"/nope.js"}', 3, /timeoutMs/],
    ['{"id":4,"verb":"start","apps":[{"name":"x"}]}', 4, /apps\[0\]/],
    ['{"id":5,"verb":"stop","target":"nosuchapp"}', 5, /nosuchapp/],
  ];
  const malformed = bad.length - 1;
  for (const [line] of bad) await write(conn, line + '\n');
  await waitFor(() => conn.frames.length >= 1 + bad.length, `${bad.length} more replies`, { timeoutMs: 8000 });
  const replies = conn.frames.slice(1);
  bad.forEach(([line, id, re], i) => {
    t.like(replies[i], { id, type: 'error' }, `reply to ${line}`);
    t.regex(replies[i].error?.message ?? '', re, `reply to ${line}`);
  });
  await waitFor(() => warningsSince(from).length >= 1 + malformed, `${1 + malformed} daemon.warning lines`).catch(() => {});
  t.true(warningsSince(from).length >= 1 + malformed, `a warning per malformed request:\n${sb.tail(20)}`);
  conn.sock.destroy();
  await stillHealthy(t);
});

// BUG (protocol/frames.ts FrameDecoder.push): decoding is quadratic in the frame's size. Every
// incoming chunk (64 KiB or less) is appended to the whole pending text (`this.pending + chunk`),
// which is then scanned again from its start by indexOf('\n') and Buffer.byteLength(text). One
// 16 MiB frame costs the daemon 12–25 s of CPU on this machine before the "frame too large" error
// is sent (measured: FrameDecoder alone, 4 MiB in 64 KiB chunks 0.9 s, 16 MiB 8.3 s), and every
// other client waits meanwhile (`moult ls` took 7–9 s instead of 0.3 s during such a frame).
// The same decoder reads the daemon→app channel, so a multi-MiB update source stalls the app too.
// The test gives the error frame 8 s (a linear decoder needs well under 1 s) and then gives up
// so that it stays cheap; the checks after the deadline are the behaviour once the bug is fixed.
test.serial('an oversized frame (> 16 MiB without a newline) gets an error frame and a warning, promptly', async (t) => {
  t.timeout(30_000);
  const from = sb.events().length;
  const conn = await rawConnect(sb.home);
  const chunk = 'x'.repeat(1024 * 1024);
  const started = Date.now();
  const deadline = started + 8000;
  let sent = 0;
  while (sent <= MAX_FRAME && Date.now() < deadline && !conn.closed) {
    await write(conn, chunk);
    sent += chunk.length;
  }
  const f = await waitFor(() => conn.frames[0], 'the error frame', { timeoutMs: Math.max(500, deadline - Date.now()) }).catch(() => null);
  const ms = Date.now() - started;
  t.log(`sent ${(sent / 2 ** 20).toFixed(0)} MiB; ${f ? `error frame after ${ms} ms` : `no reply after ${ms} ms`}`);
  if (!f) {
    conn.sock.destroy();
    t.fail(`no error frame within 8 s of starting a ${(MAX_FRAME / 2 ** 20) + 1} MiB frame (${(sent / 2 ** 20).toFixed(0)} MiB accepted so far)`);
    return;
  }
  t.is(f.type, 'error', JSON.stringify(f));
  t.regex(f.error.message, /too large|16 MiB/);
  const { event } = await sb.waitEvent({ event: 'daemon.warning', level: 'warn' }, { from });
  t.regex(event.msg, /too large/);
  // The rest of the oversized frame is dropped up to its newline; then the connection serves again.
  await write(conn, 'more of the same\n' + JSON.stringify({ id: 9, verb: 'ping' }) + '\n');
  const pong = await nextFrame(conn, (x) => x.id === 9, 'the ping after the oversized frame');
  t.is(pong.type, 'result');
  t.is(conn.frames.filter((x) => x.type === 'error').length, 1, `one error for one oversized frame: ${JSON.stringify(conn.frames)}`);
  conn.sock.destroy();
  await stillHealthy(t);
});

test.serial('a truncated frame then close: no crash, nothing started', async (t) => {
  const conn = await rawConnect(sb.home);
  await write(conn, '{"id":1,"verb":"start","apps":[{"name":"half","scri');
  conn.sock.end();
  await waitFor(() => conn.closed, 'the daemon to close its side');
  await stillHealthy(t);
  t.deepEqual(sb.find({ app: 'half' }), []);
  // The plain table too.
  const r = await sb.cli(['ls']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, new RegExp(`app\\s+0\\s+${pid}\\s+online`), r.stdout);
});

// BUG (daemon/control/server.ts + protocol/transport.ts): SPEC 9 wants a `warn` line in the log
// for every malformed frame, but a frame cut short by the peer closing the connection is never
// reported: FrameDecoder keeps the partial text in `pending`, and on 'close' SocketConnection
// only calls markClosed(); nothing flushes the decoder or emits a 'problem', so no
// daemon.warning is written (no reply is possible, the peer is gone, but the log stays silent).
test.serial('a truncated frame then close leaves a daemon.warning in the log', async (t) => {
  const from = sb.events().length;
  const conn = await rawConnect(sb.home);
  await write(conn, '{"id":1,"verb":"ls"');
  conn.sock.end();
  await waitFor(() => conn.closed, 'the daemon to close its side');
  await sb.waitEvent({ event: 'daemon.warning', level: 'warn' }, { from, timeoutMs: 3000 });
  t.pass();
});
