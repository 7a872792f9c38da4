// SPEC 6.5 / issue 18 item 5: a fleet can be audited by package version. A release applied on one
// host (`moult patch web --package greeter-1.1.0.tgz`) is in that host's record, and
// `moult fleet ls --package greeter` lists every host's app with the version in force (and how it
// went in), the other host's as installed.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sharedFleet, fleet, show, sleep } from './hosts.mjs';

const f = sharedFleet(test, ['alpha', 'bravo']);

function tarball(dir, version) {
  fs.mkdirSync(path.join(dir, 'package'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package', 'package.json'), JSON.stringify({ name: 'greeter', version, main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'package', 'index.js'), `module.exports = () => 'hello ${version}';\n`);
  const tgz = path.join(dir, `greeter-${version}.tgz`);
  execFileSync('tar', ['czf', tgz, '-C', dir, 'package']);
  return tgz;
}

f.test('fleet ls --package lists the hosts by the version a release put in force', async (t) => {
  const [alpha, bravo] = f.hosts;
  for (const h of [alpha, bravo]) {
    h.sb.files({ 'node_modules/greeter/package.json': { name: 'greeter', version: '1.0.0', main: 'index.js' }, 'node_modules/greeter/index.js': "module.exports = () => 'hello 1.0.0';\n" });
  }
  const tgz = tarball(fs.mkdtempSync(path.join(f.dir, 'pack-')), '1.1.0');
  const r = await alpha.sb.cli(['patch', 'web', '--package', tgz], { timeoutMs: 60_000 });
  t.is(r.code, 0, show(r));
  let rows = [];
  for (let i = 0; i < 100; i++) {
    const ls = await fleet(f.dir, f.etcd.url, ['ls', '--package', 'greeter', '--json']);
    t.is(ls.code, 0, show(ls));
    rows = JSON.parse(ls.stdout);
    if (rows.find((x) => x.host === 'alpha')?.versions.length) break;
    await sleep(200);
  }
  t.deepEqual(rows.find((x) => x.host === 'alpha'), { host: 'alpha', app: 'web', versions: [{ path: 'node_modules/greeter', version: '1.1.0', how: 'hot' }] });
  t.deepEqual(rows.find((x) => x.host === 'bravo'), { host: 'bravo', app: 'web', versions: [] });
  const text = await fleet(f.dir, f.etcd.url, ['ls', '--package', 'greeter']);
  t.regex(text.stdout, /alpha {2}web {2}1\.1\.0 \(hot, node_modules\/greeter\)/);
  t.regex(text.stdout, /bravo {2}web {2}as installed/);
});

f.test('fleet patch --package rolls a package release out to every host, one transaction per host', async (t) => {
  const tgz = tarball(fs.mkdtempSync(path.join(f.dir, 'pack-')), '1.2.0');
  const r = await fleet(f.dir, f.etcd.url, ['patch', 'web', '--package', tgz, '--batch', '1', '--min-healthy', '0'], { timeoutMs: 120_000 });
  t.is(r.code, 0, show(r));
  for (const h of f.hosts) {
    t.is(JSON.parse(fs.readFileSync(path.join(h.sb.appDir, 'node_modules/greeter/package.json'), 'utf8')).version, '1.2.0', h.name);
  }
  let rows = [];
  for (let i = 0; i < 100; i++) {
    rows = JSON.parse((await fleet(f.dir, f.etcd.url, ['ls', '--package', 'greeter', '--json'])).stdout);
    if (rows.every((x) => x.versions.some((v) => v.version === '1.2.0'))) break;
    await sleep(200);
  }
  t.deepEqual(rows.map((x) => [x.host, x.versions.map((v) => v.version)]).sort(), [['alpha', ['1.2.0']], ['bravo', ['1.2.0']]]);
});
