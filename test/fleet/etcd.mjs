// A real etcd for the fleet tests and benchmarks (SPEC 8): Debian's `etcd-server` binary, found on
// PATH or in ETCD_BIN, started on free loopback ports with a temp data dir. Where it is missing
// the fleet tests fail with the one command that installs it; MOULT_SKIP_FLEET=1 is the only way
// to leave them out, and the skipped tests say so in ava's closing lines.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { freePort } from '../helpers/http-load.mjs';

export const SKIP_FLEET = process.env.MOULT_SKIP_FLEET === '1';
export const INSTALL_ETCD = 'sudo apt-get install -y etcd-server';

/** The etcd binary, or an Error naming the command that installs it. */
export function etcdBinary() {
  if (process.env.ETCD_BIN) {
    if (fs.existsSync(process.env.ETCD_BIN)) return process.env.ETCD_BIN;
    throw new Error(`ETCD_BIN=${process.env.ETCD_BIN} does not exist; install etcd with: ${INSTALL_ETCD}`);
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(dir, 'etcd');
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch { /* next */ }
  }
  throw new Error(`etcd not found on PATH (nor ETCD_BIN): the fleet tests need a real etcd. Install it with: ${INSTALL_ETCD} (or set MOULT_SKIP_FLEET=1 to skip the fleet tests, and say so)`);
}

export { freePort };

/** etcd answers its /health (over https, trusting `ca`). */
function answers(url, ca) {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(`${url}/health`, { timeout: 500, ...(ca ? { ca: fs.readFileSync(ca) } : {}) }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts etcd (its data dir in a new folder `under`, default the temp dir; with `tls: {cert, key}`
 * it serves https, and is awaited trusting `tls.ca`); returns {url, dataDir, stop(), start(), close()}. `stop` kills it (SIGKILL: a
 * crash) and `start` brings it back on the same ports and data, as an operator's restart would.
 */
export async function startEtcd({ under = os.tmpdir(), tls } = {}) {
  // freePort() closes the port before etcd binds it: another test file's etcd can take it in
  // between, and then its /health answers for ours. An etcd that cannot bind exits: try other ports.
  for (let attempt = 1; ; attempt++) {
    const etcd = await etcdOnFreePorts(under, tls);
    try {
      await etcd.start();
      await sleep(500);
      if (etcd.running()) return etcd;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
    await etcd.close();
    if (attempt >= 5) throw new Error(`etcd could not bind free ports in ${attempt} attempts`);
  }
}

async function etcdOnFreePorts(under, tls) {
  const bin = etcdBinary();
  const dataDir = fs.mkdtempSync(path.join(under, 'moult-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${client}`;
  let proc = null;
  const args = [
    '--name', 'moult-test', '--data-dir', dataDir,
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
    '--initial-cluster', `moult-test=http://127.0.0.1:${peer}`, '--log-level', 'error', '--logger', 'zap',
    ...(tls ? ['--cert-file', tls.cert, '--key-file', tls.key] : []),
  ];
  const etcd = {
    url,
    dataDir,
    pid: () => proc?.pid ?? null,
    running: () => proc !== null && proc.exitCode === null && proc.signalCode === null,
    async start() {
      const log = fs.openSync(path.join(dataDir, '..', `${path.basename(dataDir)}.log`), 'a');
      proc = spawn(bin, args, { stdio: ['ignore', log, log] });
      fs.closeSync(log);
      const until = Date.now() + 10_000;
      while (!(await answers(url, tls?.ca))) {
        if (proc.exitCode !== null || Date.now() > until) throw new Error(`etcd did not start on ${url} (see ${dataDir}.log)`);
        await sleep(50);
      }
    },
    async stop() {
      if (!proc || proc.exitCode !== null) return;
      const p = proc;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
    },
    /** Data loss: a fresh, empty etcd on the same URL (as after a lost disk, or a new cluster). */
    async wipe() {
      await etcd.stop();
      for (const f of fs.readdirSync(dataDir)) fs.rmSync(path.join(dataDir, f), { recursive: true, force: true });
      await etcd.start();
    },
    async close() {
      await etcd.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(`${dataDir}.log`, { force: true });
    },
  };
  return etcd;
}

/**
 * An etcd3 client of the test's own (the package moult's fleet uses), to read or change keys as an
 * operator with etcdctl would. Close it (`client.close()`) in the test.
 */
export function etcdClient(url) {
  const require = createRequire(new URL('../../package.json', import.meta.url));
  const { Etcd3 } = require('etcd3');
  return new Etcd3({ hosts: [url] });
}

/** For the pretest step: etcd present, or installed with apt-get when root, or a clear message. */
export function ensureEtcd() {
  if (SKIP_FLEET) {
    process.stdout.write('MOULT_SKIP_FLEET=1: the fleet tests (test/fleet) are SKIPPED\n');
    return;
  }
  try {
    etcdBinary();
    return;
  } catch (err) {
    if (process.getuid?.() !== 0) {
      process.stderr.write(`${err.message}\n`);
      return; // the fleet tests fail with the same message
    }
  }
  process.stdout.write('etcd missing: apt-get install -y etcd-server (the fleet tests need it)\n');
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', 'etcd-server'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'etcd-server'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}
