// Audit re-run of 2026-12-04 (docs/security-audit.md), new row N-F3: what `moult fleet` prints
// from etcd is any etcd writer's text. A host's error, a member's name, labels and apps put there
// with terminal escapes must reach the terminal escaped (or be refused, named escaped), as every
// other human-readable output of moult (README, Security model: "control characters are
// escaped"). Before, `fleet status <id>` printed host names and states from the record raw.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';
import { sharedFleet, fleet, show, GOOD_UPDATE, ROOT } from './hosts.mjs';

const { Etcd3 } = createRequire(path.join(ROOT, 'package.json'))('etcd3');
const f = sharedFleet(test, ['alpha']);
const ESC = '\u001b[2J\u001b[31m';

f.test('N-F3: fleet status and fleet ls print what another etcd writer put in results and member records with control characters escaped', async (t) => {
  fs.writeFileSync(path.join(f.dir, 'v2.js'), GOOD_UPDATE);
  const run = await fleet(f.dir, f.etcd.url, ['update', 'web', 'v2.js', '--min-healthy', '0']);
  t.is(run.code, 0, show(run));
  const id = /rollout (\S+?):/.exec(run.stdout)?.[1];
  t.truthy(id, run.stdout);
  const client = new Etcd3({ hosts: [f.etcd.url] });
  try {
    const now = Date.now();
    await client.put(`/moult/results/${id}/alpha/apply`).value(JSON.stringify({ outcome: 'failed', error: `why${ESC}`, at: now }));
    const host = `evil${ESC}host`;
    await client.put(`/moult/members/${host}`).value(JSON.stringify({ host, labels: { [`k${ESC}`]: `v${ESC}` }, apps: [`a${ESC}`], seen_at: now }));
  } finally {
    client.close();
  }
  for (const args of [['status', id], ['status'], ['ls']]) {
    const r = await fleet(f.dir, f.etcd.url, args);
    if (args[0] === 'ls' || args.length === 2) t.true(`${r.stdout}${r.stderr}`.includes('\\x1b'), `fleet ${args.join(' ')} shows what was put there, escaped:\n${r.stdout}${r.stderr}`);
    t.false(`${r.stdout}${r.stderr}`.includes('\u001b'), `fleet ${args.join(' ')} prints no raw escape:\n${JSON.stringify(r.stdout + r.stderr)}`);
  }
});

f.test('N-F3: fleet diff and fleet history print host names and release fields another etcd writer put there escaped', async (t) => {
  const client = new Etcd3({ hosts: [f.etcd.url] });
  try {
    const host = `down${ESC}host`;
    await client.put(`/moult/members/${host}`).value(JSON.stringify({ host, labels: {}, apps: ['web'], seen_at: Date.now() }));
    const release = JSON.parse((await client.get('/moult/apps/web/release').string()) ?? '[]');
    await client.put('/moult/apps/web/release').value(JSON.stringify([...release, { sha256: 'a'.repeat(64), kind: 'update', name: 'x.js', rollout: `r${ESC}` }]));
  } finally {
    client.close();
  }
  for (const args of [['diff', 'web'], ['history', 'web']]) {
    const r = await fleet(f.dir, f.etcd.url, args);
    t.true(r.stdout.includes('\\x1b'), `fleet ${args.join(' ')} shows what was put there, escaped:\n${r.stdout}${r.stderr}`);
    t.false(`${r.stdout}${r.stderr}`.includes('\u001b'), `fleet ${args.join(' ')} prints no raw escape:\n${JSON.stringify(r.stdout + r.stderr)}`);
  }
});
