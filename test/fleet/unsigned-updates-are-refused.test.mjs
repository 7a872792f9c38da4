// SPEC 8, Trust: with daemon.trusted_keys, every host refuses an unsigned update and a tampered
// one (update.rejected, reason `bad signature`), from the fleet or from the local CLI; an update
// signed with `--sign` by the key `moult keygen` made is applied.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';
import { sharedFleet, fleet, get, show, keygen, GOOD_UPDATE, ROOT } from './hosts.mjs';

const { Etcd3 } = createRequire(path.join(ROOT, 'package.json'))('etcd3');
const EVIL = `module.exports = (ctx) => { ctx.main.greet = () => 'pwned'; };\n`;
let key;
const f = sharedFleet(test, ['alpha', 'bravo'], {
  async setup() {
    key = await keygen(f.dir);
    fs.writeFileSync(path.join(f.dir, 'v2.js'), GOOD_UPDATE);
    fs.writeFileSync(path.join(f.dir, 'evil.js'), EVIL);
  },
  hostOptions: () => ({ trustedKeys: [key.publicRaw] }),
});
const run = (args) => fleet(f.dir, f.etcd.url, args);

const rejected = (h, name) => h.sb.find({ event: 'update.rejected', update: name, reason: 'bad signature' }).length;

f.test('an unsigned fleet update is refused by every host', async (t) => {
  const r = await run(['update', 'web', 'evil.js', '--batch', '100%', '--min-healthy', '0']);
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /alpha\s+1\s+failed\s+.*bad signature/);
  t.regex(r.stdout, /bravo\s+1\s+failed\s+.*bad signature/);
  for (const h of f.hosts) {
    t.is(rejected(h, 'evil'), 1, h.name);
    t.is((await get(h.port)).body, 'hello v1');
  }
});

f.test('a tampered update (a valid signature of other content) is refused by every host', async (t) => {
  // Someone with write access to etcd swaps the source under a signature made for v2.js.
  const tampered = EVIL.replace('pwned', 'pwned again');
  const sha256 = crypto.createHash('sha256').update(tampered).digest('hex');
  fs.writeFileSync(path.join(f.dir, 'tampered.js'), tampered);
  const signature = crypto.sign(null, Buffer.from(GOOD_UPDATE), crypto.createPrivateKey(fs.readFileSync(key.privateFile))).toString('base64');
  const client = new Etcd3({ hosts: [f.etcd.url] });
  await client.put(`/moult/updates/${sha256}`).value(JSON.stringify({ kind: 'update', name: 'tampered.js', sha256, source: tampered, signature }));
  client.close();
  const r = await run(['update', 'web', 'tampered.js', '--batch', '100%', '--min-healthy', '0']);
  t.is(r.code, 1, show(r));
  for (const h of f.hosts) {
    t.is(rejected(h, 'tampered'), 1, h.name);
    t.is((await get(h.port)).body, 'hello v1');
  }
});

f.test('an update signed with --sign is applied on every host', async (t) => {
  const r = await run(['update', 'web', 'v2.js', '--batch', '100%', '--min-healthy', '0', '--sign', key.privateFile]);
  t.is(r.code, 0, show(r));
  for (const h of f.hosts) t.is((await get(h.port)).body, 'hello v2', h.name);
});

f.test('the local CLI too: unsigned is update.rejected (bad signature, exit 2), --sign KEY is applied', async (t) => {
  const [alpha] = f.hosts;
  alpha.sb.files({ 'local.js': GOOD_UPDATE.replace("'hello v2'", "'local'").replace("name: 'v2'", "name: 'local'") });
  const unsigned = await alpha.sb.cli(['update', 'web', 'local.js']);
  t.is(unsigned.code, 2, show(unsigned));
  t.regex(unsigned.stderr, /bad signature/);
  t.is(rejected(alpha, 'local'), 1);
  const signed = await alpha.sb.cli(['update', 'web', 'local.js', '--sign', key.privateFile]);
  t.is(signed.code, 0, show(signed));
  t.is((await get(alpha.port)).body, 'local');
});
