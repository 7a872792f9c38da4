// SPEC 8, Trust: etcd access over TLS and as an etcd user. etcd serves https with a certificate of
// a throwaway CA, or requires a user: `moult fleet ls` reaches it with daemon.fleet.tls.ca, or with
// daemon.fleet.auth (username, password_file) (the same client options as the daemons'), and is
// refused without them.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { SKIP_FLEET, startEtcd } from './etcd.mjs';
import { fleet, show, ROOT } from './hosts.mjs';

const { Etcd3 } = createRequire(path.join(ROOT, 'package.json'))('etcd3');

const tlsTest = SKIP_FLEET ? (title, fn) => test.skip(`${title} [skipped: MOULT_SKIP_FLEET=1]`, fn) : test;

/** A CA and a server certificate for 127.0.0.1, made with openssl. */
function certificates(dir) {
  const ossl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=moult test CA');
  ossl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ossl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

tlsTest('fleet commands reach an etcd served over TLS with daemon.fleet.tls.ca, and are refused without it', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-fleet-tls-'));
  const certs = certificates(dir);
  const etcd = await startEtcd({ tls: certs });
  t.teardown(async () => {
    await etcd.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const eco = path.join(dir, 'eco.json');
  fs.writeFileSync(path.join(dir, 'app.js'), '');
  // By name, not 127.0.0.1: on Node 26 gRPC's TLS refuses an IP address as the server name.
  const url = etcd.url.replace('127.0.0.1', 'localhost');
  fs.writeFileSync(eco, JSON.stringify({ apps: [{ name: 'web', script: 'app.js' }], daemon: { fleet: { etcd: [url], host: 'cli', tls: { ca: certs.ca } } } }));
  const ok = await fleet(dir, url, ['ls', '--json', '--ecosystem', eco]);
  t.is(ok.code, 0, show(ok));
  t.deepEqual(JSON.parse(ok.stdout), []);
  const refused = await fleet(dir, url, ['ls', '--json'], { timeoutMs: 30_000 });
  t.is(refused.code, 1, show(refused));
});

tlsTest('fleet commands reach an etcd that requires a user with daemon.fleet.auth, and are refused without it', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-fleet-auth-'));
  const etcd = await startEtcd();
  t.teardown(async () => {
    await etcd.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const admin = new Etcd3({ hosts: [etcd.url] });
  await admin.role('root').create();
  await (await admin.user('root').create('s3cret')).addRole('root');
  await admin.auth.authEnable();
  admin.close();
  fs.writeFileSync(path.join(dir, 'password'), 's3cret\n', { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'app.js'), '');
  const eco = path.join(dir, 'eco.json');
  fs.writeFileSync(eco, JSON.stringify({ apps: [{ name: 'web', script: 'app.js' }], daemon: { fleet: { etcd: [etcd.url], host: 'cli', auth: { username: 'root', password_file: path.join(dir, 'password') } } } }));
  const ok = await fleet(dir, etcd.url, ['ls', '--json', '--ecosystem', eco]);
  t.is(ok.code, 0, show(ok));
  const refused = await fleet(dir, etcd.url, ['ls', '--json'], { timeoutMs: 30_000 });
  t.is(refused.code, 1, show(refused));
  t.regex(refused.stderr, /user name is empty|permission denied|auth/i);
});
