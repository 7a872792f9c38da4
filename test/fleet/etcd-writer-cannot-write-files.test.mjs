// Audit 2026-12-03, rows 6.7 and 6.6 (issue 16, item 2): what a host reads from etcd reaches its
// file system only once it is verified. An etcd writer without the signing key can put any JSON
// under <prefix>/updates/ and <prefix>/orders/: its fields (sha256, name) are matched against
// their exact shape and against each other before use, the signature is checked before anything
// is written, and a refused update leaves no file behind (6.7, critical: the `sha256` field was a
// path, written as root before the signature check, and left there). And content first rolled out
// unsigned can be rolled out again signed, the refusal saying why (6.6).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';
import { sharedFleet, fleet, get, show, keygen, GOOD_UPDATE, ROOT } from './hosts.mjs';
import { waitFor } from '../helpers/moult.mjs';

const { Etcd3 } = createRequire(path.join(ROOT, 'package.json'))('etcd3');
let key;
// alpha trusts a key; bravo trusts none: the shape checks hold for both.
const f = sharedFleet(test, ['alpha', 'bravo'], {
  async setup() { key = await keygen(f.dir); },
  hostOptions: (name) => ({ trustedKeys: name === 'alpha' ? [key.publicRaw] : [] }),
});

/** Every path under `dir` (none when it does not exist). */
const filesUnder = (dir) => { try { return fs.readdirSync(dir, { recursive: true }); } catch { return []; } };
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * As any etcd client without the key: an update record and an order for `host`, with the app's
 * rollout pointer naming it running (what such a writer can write too: else the host refuses the
 * order as stale before it reads anything of it); resolves the host's result.
 */
async function plant(host, rollout, record, orderSha) {
  const client = new Etcd3({ hosts: [f.etcd.url] });
  try {
    await client.put(`/moult/updates/${orderSha}`).value(JSON.stringify(record));
    await client.put('/moult/apps/web/rollout').value(JSON.stringify({ rollout, generation: 1, phase: 'running' }));
    await client.put(`/moult/orders/${host}/${rollout}/apply`).value(JSON.stringify({
      rollout, generation: 1, app: 'web', action: 'apply', sha256: orderSha, issued_at: Date.now(), deadline_ms: 10_000, min_healthy_ms: 0,
    }));
    const resultKey = `/moult/results/${rollout}/${host}/apply`;
    const text = await waitFor(() => client.get(resultKey).string(), `the result of ${rollout} on ${host}`, { timeoutMs: 20_000 });
    await client.put('/moult/apps/web/rollout').value(JSON.stringify({ rollout, generation: 1, phase: 'over' }));
    return JSON.parse(text);
  } finally {
    client.close();
  }
}

f.test('6.7: a stored update whose sha256 is a path writes nothing outside (nor inside) the home, on a host with or without trusted keys', async (t) => {
  const target = path.join(f.dir, 'etcd-planted');
  const source = '* * * * * root echo written-by-an-etcd-writer-without-the-signing-key\n';
  for (const h of f.hosts) {
    const up = path.relative(path.join(h.sb.home, 'fleet', 'updates'), target);
    // The audit's form: the order names a key that is no sha256 either.
    const asAudited = await plant(h.name, `r-evil-${h.name}`, { kind: 'update', name: 'evil.txt', sha256: up, source }, 'evilkey');
    t.is(asAudited.outcome, 'failed', JSON.stringify(asAudited));
    t.regex(asAudited.error, /sha256/, `the refusal names the culprit: ${asAudited.error}`);
    // The order well-formed, the record's own sha256 field a path.
    const fieldOnly = await plant(h.name, `r-evil2-${h.name}`, { kind: 'update', name: 'evil.txt', sha256: up, source }, sha(source));
    t.is(fieldOnly.outcome, 'failed', JSON.stringify(fieldOnly));
    t.regex(fieldOnly.error, /sha256/, `the refusal names the culprit: ${fieldOnly.error}`);
    t.false(fs.existsSync(target), `${h.name}: ${target} was not created`);
    t.deepEqual(filesUnder(path.join(h.sb.home, 'fleet', 'updates')).filter((n) => n.includes('evil')), [], `${h.name}: nothing of it under fleet/updates`);
    t.is((await get(h.port)).body, 'hello v1', `${h.name}: app untouched`);
  }
});

f.test('6.7: a stored update whose name climbs out, or whose sha256 is not its source\'s, is refused before anything is written; a planted .sig is not deleted', async (t) => {
  const harmless = 'module.exports = () => [];\n';
  const h = sha(harmless);
  // A .sig file the old code removed (rmSync of <sha256 path>/<name>.sig for an unsigned record).
  const victimDir = path.join(f.dir, 'victim');
  fs.mkdirSync(victimDir, { recursive: true });
  fs.writeFileSync(path.join(victimDir, 'keep.js.sig'), 'keep me');
  for (const host of f.hosts) {
    const up = path.relative(path.join(host.sb.home, 'fleet', 'updates'), victimDir);
    const r0 = await plant(host.name, `r-sig-${host.name}`, { kind: 'update', name: 'keep.js', sha256: up, source: harmless }, h);
    t.is(r0.outcome, 'failed', JSON.stringify(r0));
    const r1 = await plant(host.name, `r-name-${host.name}`, { kind: 'update', name: '../../../keep.js', sha256: h, source: harmless }, h);
    t.is(r1.outcome, 'failed', JSON.stringify(r1));
    t.regex(r1.error, /name/, r1.error);
    const other = sha('something else');
    const r2 = await plant(host.name, `r-mismatch-${host.name}`, { kind: 'update', name: 'fix.js', sha256: other, source: harmless }, other);
    t.is(r2.outcome, 'failed', JSON.stringify(r2));
    t.regex(r2.error, /sha256/, r2.error);
    t.is(fs.readFileSync(path.join(victimDir, 'keep.js.sig'), 'utf8'), 'keep me', `${host.name}: the planted .sig is still there`);
    t.deepEqual(fs.readdirSync(victimDir), ['keep.js.sig'], `${host.name}: nothing written next to it`);
    t.false(fs.existsSync(path.join(host.sb.home, 'fleet', 'updates', other)), `${host.name}: nothing materialised`);
    t.is((await get(host.port)).body, 'hello v1');
  }
});

f.test('6.7: on a host with trusted keys, an unsigned update is refused before it is written (no file left), and the refusal says it is unsigned', async (t) => {
  const [alpha] = f.hosts;
  const evil = 'module.exports = () => {};\n';
  const h = sha(evil);
  const r = await plant(alpha.name, 'r-unsigned', { kind: 'update', name: 'unsigned.js', sha256: h, source: evil }, h);
  t.is(r.outcome, 'failed', JSON.stringify(r));
  t.regex(r.error, /unsigned|no signature/, r.error);
  t.false(fs.existsSync(path.join(alpha.sb.home, 'fleet', 'updates', h)), 'the refused update was never written');
});

f.test('6.6: content rolled out unsigned first can be rolled out again with --sign, and the unsigned refusal says why', async (t) => {
  fs.writeFileSync(path.join(f.dir, 'v2.js'), GOOD_UPDATE);
  const run = (args) => fleet(f.dir, f.etcd.url, args);
  const unsigned = await run(['update', 'web', 'v2.js', '--hosts', 'alpha', '--min-healthy', '0', '--deadline', '20']);
  t.is(unsigned.code, 1, show(unsigned));
  t.regex(unsigned.stdout, /alpha\s+1\s+failed\s+.*(unsigned|no signature).*--sign/, 'the refusal says the stored update is unsigned and how to fix it');
  const signed = await run(['update', 'web', 'v2.js', '--hosts', 'alpha', '--min-healthy', '0', '--deadline', '20', '--sign', key.privateFile]);
  t.is(signed.code, 0, show(signed));
  t.is((await get(f.hosts[0].port)).body, 'hello v2');
});

f.test('6.4: a fleet update that requires a local helper travels with it, signed as one: the host runs the helper it was sent (it has no copy of its own)', async (t) => {
  fs.mkdirSync(path.join(f.dir, 'unit'), { recursive: true });
  fs.writeFileSync(path.join(f.dir, 'unit', 'v3.js'), "const { SafeRedefineUpdate } = require('moult/runtime');\nconst { greet } = require('./lib/greet.js');\nmodule.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.greet, greet, { name: 'v3' });\n");
  fs.mkdirSync(path.join(f.dir, 'unit', 'lib'), { recursive: true });
  fs.writeFileSync(path.join(f.dir, 'unit', 'lib', 'greet.js'), "exports.greet = () => 'hello from the helper';\n");
  const r = await fleet(path.join(f.dir, 'unit'), f.etcd.url, ['update', 'web', 'v3.js', '--hosts', 'alpha', '--min-healthy', '0', '--deadline', '20', '--sign', key.privateFile]);
  t.is(r.code, 0, show(r));
  t.is((await get(f.hosts[0].port)).body, 'hello from the helper');
});
