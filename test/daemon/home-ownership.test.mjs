// Issue 11, finding 2 (own your files): like ssh's StrictModes, the CLI and the daemon refuse a
// MOULT_HOME (or its logs/, run/, updates/) that another user owns or that group/others can write,
// naming the path and the fix. A moultd.sock planted in such a home is never connected to (it
// would receive the whole config, env secrets included, and could answer with fake results).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import test from 'ava';
import { sandbox, show, ROOT } from '../helpers/moult.mjs';
import { NOBODY, needsRoot } from '../helpers/other-user.mjs';

const DAEMON_MAIN = path.join(ROOT, 'dist', 'daemon', 'main.js');
const mode = (p) => fs.statSync(p).mode & 0o777;

/** `node dist/daemon/main.js` with this home: resolves {code, stderr}. */
function runDaemonDirectly(home, timeoutMs = 8000) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DAEMON_MAIN], { env: { ...process.env, MOULT_HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr }); });
  });
}

/** A fake daemon socket that counts the connections it receives. */
async function fakeSocket(file) {
  const seen = { connections: 0 };
  const sockets = new Set();
  const server = net.createServer((c) => {
    seen.connections++;
    sockets.add(c);
    c.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(file, resolve));
  return {
    seen,
    close() {
      for (const c of sockets) c.destroy();
      server.close();
    },
  };
}

test('a MOULT_HOME owned by another user is refused (exit 2, path and fix named) and its moultd.sock is never connected to', async (t) => {
  if (!needsRoot(t)) return;
  const sb = sandbox(t);
  fs.mkdirSync(sb.home, { mode: 0o700 });
  const fake = await fakeSocket(path.join(sb.home, 'moultd.sock'));
  t.teardown(() => fake.close());
  fs.chownSync(sb.home, NOBODY, NOBODY);
  const r = await sb.cli(['ls'], { timeoutMs: 8000 });
  t.is(r.code, 2, show(r));
  t.true(r.stderr.includes(sb.home), `the error names the home: ${r.stderr}`);
  t.regex(r.stderr, /Fix: mv /, 'the error says how to fix it: move it aside (a chown would adopt what another user planted)');
  t.is(fake.seen.connections, 0, 'the planted moultd.sock was never connected to');
  t.false(fs.existsSync(path.join(sb.home, 'moultd.pid')), 'no daemon was started');

  const d = await runDaemonDirectly(sb.home);
  t.is(d.code, 2, `daemon: exit ${d.code} ${d.signal ?? ''} ${d.stderr}`);
  t.true(d.stderr.includes(sb.home) && /Fix: mv /.test(d.stderr), d.stderr);
  t.is(fake.seen.connections, 0, 'the daemon did not connect to the planted socket either');
  t.is(fs.statSync(sb.home).uid, NOBODY, 'the home was left as it was');
});

test('a group/other-writable MOULT_HOME (0777) or logs/ is refused with `chmod 700 <path>`, and left untouched', async (t) => {
  const sb = sandbox(t);
  fs.mkdirSync(sb.home);
  fs.chmodSync(sb.home, 0o777);

  const r = await sb.cli(['ls'], { timeoutMs: 8000 });
  t.is(r.code, 2, show(r));
  t.true(r.stderr.includes(`chmod 700 ${sb.home}`), `the error gives the fix: ${r.stderr}`);
  t.is(mode(sb.home), 0o777, 'the CLI did not silently chmod the home');
  t.false(fs.existsSync(path.join(sb.home, 'moultd.pid')), 'no daemon was started');

  const d = await runDaemonDirectly(sb.home);
  t.is(d.code, 2, `daemon: exit ${d.code} ${d.stderr}`);
  t.true(d.stderr.includes(`chmod 700 ${sb.home}`), d.stderr);
  t.is(mode(sb.home), 0o777);

  // The home fixed, a group-writable logs/ inside it is refused the same way, named.
  fs.chmodSync(sb.home, 0o700);
  const logs = path.join(sb.home, 'logs');
  fs.mkdirSync(logs);
  fs.chmodSync(logs, 0o775);
  const r2 = await sb.cli(['ls'], { timeoutMs: 8000 });
  t.is(r2.code, 2, show(r2));
  t.true(r2.stderr.includes(`chmod 700 ${logs}`), r2.stderr);
  const d2 = await runDaemonDirectly(sb.home);
  t.is(d2.code, 2, `daemon: exit ${d2.code} ${d2.stderr}`);
  t.true(d2.stderr.includes(logs), d2.stderr);
});
