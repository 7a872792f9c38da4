// SPEC 6.5 + 8, Trust: with daemon.trusted_keys, a fleet release (`fleet patch <app> --package`)
// is applied only when `--sign` signed it (its signature covers the tarball the rollout carries);
// an unsigned one is refused by every host and nothing of it reaches their trees.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { sharedFleet, fleet, show, keygen } from './hosts.mjs';

let key;
const f = sharedFleet(test, ['alpha', 'bravo'], {
  async setup() { key = await keygen(f.dir); },
  hostOptions: () => ({ trustedKeys: [key.publicRaw] }),
});

function tarball(version) {
  const dir = fs.mkdtempSync(path.join(f.dir, 'pack-'));
  fs.mkdirSync(path.join(dir, 'package'));
  fs.writeFileSync(path.join(dir, 'package', 'package.json'), JSON.stringify({ name: 'greeter', version, main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'package', 'index.js'), `module.exports = () => 'hello ${version}';\n`);
  const tgz = path.join(dir, `greeter-${version}.tgz`);
  execFileSync('tar', ['czf', tgz, '-C', dir, 'package']);
  return tgz;
}

const version = (h) => JSON.parse(fs.readFileSync(path.join(h.sb.appDir, 'node_modules/greeter/package.json'), 'utf8')).version;

f.test('a fleet release is applied only when signed by a trusted key', async (t) => {
  for (const h of f.hosts) h.sb.files({ 'node_modules/greeter/package.json': { name: 'greeter', version: '1.0.0', main: 'index.js' }, 'node_modules/greeter/index.js': "module.exports = () => 'hello 1.0.0';\n" });
  const unsigned = await fleet(f.dir, f.etcd.url, ['patch', 'web', '--package', tarball('6.6.6'), '--batch', '100%', '--min-healthy', '0']);
  t.is(unsigned.code, 1, show(unsigned));
  t.regex(unsigned.stdout, /bad signature/);
  for (const h of f.hosts) t.is(version(h), '1.0.0', h.name);

  const signed = await fleet(f.dir, f.etcd.url, ['patch', 'web', '--package', tarball('1.1.0'), '--batch', '100%', '--min-healthy', '0', '--sign', key.privateFile]);
  t.is(signed.code, 0, show(signed));
  for (const h of f.hosts) t.is(version(h), '1.1.0', h.name);
});
