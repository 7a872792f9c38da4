// Audit row 3.6 and its side note: connections that send a large frame and never finish it made
// the daemon's memory grow without bound (each could hold 16 MiB, 256 were admitted: 20 took it
// from 58 to 415 MB, 40 ran a 512 MB heap out of memory) and it was not returned afterwards; the
// same before authentication on an app's runtime socket (52 → 406 MB). Now the control socket
// holds at most 64 MiB of unfinished frames over all its connections (the connection that would
// pass it gets an error frame and is closed), a runtime-socket peer may send 4 KiB before it
// attaches, and the memory is returned once the connections are gone.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const MIB = 1024 * 1024;
const rssKb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return 0;
  }
};
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * Opens `n` connections to `socket`, each writing `mib` MiB of "x" with no newline, and resolves
 * once every connection has written it all or been closed by the peer, with what the peer sent.
 */
async function flood(t, socket, n, mib) {
  const chunk = Buffer.alloc(MIB, 'x');
  const conns = [];
  const finished = [];
  for (let i = 0; i < n; i++) {
    const c = net.createConnection(socket);
    const got = { text: '', closed: false };
    c.setEncoding('utf8');
    c.on('data', (d) => { got.text += d; });
    c.on('error', () => {});
    conns.push(c);
    finished.push(new Promise((resolve) => {
      c.on('close', () => { got.closed = true; resolve(got); });
      c.on('connect', async () => {
        for (let k = 0; k < mib && !c.destroyed; k++) {
          if (!c.write(chunk)) await new Promise((r) => { c.once('drain', r); c.once('close', r); });
        }
        resolve(got);
      });
    }));
  }
  t.teardown(() => { for (const c of conns) c.destroy(); });
  const results = await Promise.all(finished);
  return { results, close: () => { for (const c of conns) c.destroy(); } };
}

test('row 3.6: 24 control connections holding 15 MiB each: the daemon (256 MB heap) lives, answers, and gives the memory back', async (t) => {
  t.timeout(240_000);
  const sb = sandbox(t);
  sb.files({ 'app.js': 'setInterval(() => {}, 1000);\n' });
  // The daemon inherits NODE_OPTIONS from the CLI that starts it, as in the audit.
  const r = await sb.cli(['ls'], { env: { NODE_OPTIONS: '--max-old-space-size=256' } });
  t.is(r.code, 0, show(r));
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  const before = rssKb(daemon);
  // Given back once they are gone, after each of two floods (memory kept by one flood would show
  // as a second one resting higher). What may stay is the C allocator's, not the daemon's: the
  // socket read buffers of a flood are freed between long-lived allocations, and glibc keeps that
  // arena for the next ones (measured at rest: +12 MB on Node 20, +53 MB on 26, +74 MB on 24).
  // Node 24+'s V8 kept its freed pages pooled (256 MB for minutes) until the daemon's last-resort
  // collection; Node 22's memory reducer gives them back up to ~30 s later. Before: the audit's
  // 58 → 415 MB, for good.
  const bound = before + 96 * 1024;
  for (let round = 1; round <= 2; round++) {
    const { results, close } = await flood(t, path.join(sb.home, 'moultd.sock'), 24, 15);
    t.true(alive(daemon), `the daemon died: ${sb.tail()}`);
    // At most 4 of them fit in 64 MiB with all their 15 MiB; every other one is closed by the
    // daemon once what it sent reaches it. (The error frame before the close is not always read: a
    // client still writing meets EPIPE first.)
    const closed = () => results.filter((g) => g.closed).length;
    await waitFor(() => closed() >= 24 - 4, `20 connections closed by the daemon (${closed()} so far)`, { timeoutMs: 20_000 });
    t.true(results.some((g) => /"code":"EBUSY".*too many unfinished frames/.test(g.text)), `the refusal says why: ${results.map((g) => g.text.slice(0, 200)).join(' | ')}`);
    const ls = await sb.cli(['ls', '--json']);
    t.is(ls.code, 0, show(ls));
    close();
    let now = 0;
    await waitFor(() => (now = rssKb(daemon)) < bound, `flood ${round}: the daemon's RSS back under ${bound} KB (started at ${before} KB)`, { timeoutMs: 90_000, intervalMs: 500 })
      .catch((err) => { throw new Error(`${err.message}; now ${now} KB`); });
  }
  await sb.waitEvent({ event: 'daemon.warning', msg: /unfinished frames/ });
});

test('row 3.6: 20 runtime-socket connections sending 15 MiB before attaching cost the app nothing', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': 'setInterval(() => {}, 1000);\n' });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'app', script: 'app.js' }]), { apps: { app: 1 } });
  const [{ pid }] = await sb.ls();
  const before = rssKb(pid);
  const { results } = await flood(t, path.join(sb.home, 'run', `${pid}.sock`), 20, 15);
  t.true(alive(pid), 'the app lives');
  t.true(results.every((g) => g.closed), 'every unauthenticated flood was closed by the app');
  const after = rssKb(pid);
  t.true(after < before + 40 * 1024, `the app's RSS went from ${before} KB to ${after} KB`);
  const [inst] = await sb.ls();
  t.like(inst, { pid, status: 'online' });
  await sb.waitEvent({ event: 'runtime.warning', app: 'app', msg: /before it attached|unauthenticated/ });
});

test('audit re-run N6: 8 control connections each sending one 12 MiB frame of a million keys: answered, and the memory is given back', async (t) => {
  const sb = sandbox(t);
  const r = await sb.cli(['ls']);
  t.is(r.code, 0, show(r));
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  const before = rssKb(daemon);
  const keys = {};
  for (let i = 0; i < 1e6; i++) keys[`k${i}`] = 1;
  const frame = `${JSON.stringify({ id: 1, verb: 'ls', ...keys })}\n`;
  const answers = await Promise.all(Array.from({ length: 8 }, () => new Promise((resolve) => {
    const c = net.createConnection(path.join(sb.home, 'moultd.sock'));
    let got = '';
    c.setEncoding('utf8');
    c.on('data', (d) => { got += d; if (got.includes('\n')) c.end(); });
    c.on('error', () => {});
    c.on('close', () => resolve(got));
    c.on('connect', () => c.write(frame));
  })));
  // The pending budget (64 MiB) may turn some away (EBUSY) while others are still arriving.
  t.true(answers.filter((a) => a.startsWith('{"id":1,')).length >= 4, `frames answered: ${answers.map((a) => a.slice(0, 60)).join(' | ')}`);
  // Before, the daemon kept what parsing them took (58 → 558-607 MB) until something else ran the
  // collector; now the heap is collected as after a dropped frame (measured: back to 150-230 MB,
  // what stays is the allocator's, not the heap's).
  await waitFor(() => rssKb(daemon) < before + 250 * 1024, `the daemon's RSS back near ${before} KB (now ${rssKb(daemon)} KB)`, { timeoutMs: 20_000, intervalMs: 250 });
});
