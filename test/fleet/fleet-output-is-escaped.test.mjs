// Audit re-run of 2026-12-04 (docs/security-audit.md), new row N-F3: what `moult fleet` prints
// from etcd is another writer's text. A host name, an outcome or an error put there with terminal
// escapes must reach the terminal escaped, as every other human-readable output of moult (README,
// Security model: "control characters are escaped"). Before, `fleet status <id>` printed host
// names and states raw (`fleet ls` and the WHY column were escaped already).
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';
import { sharedFleet, fleet, show, ROOT } from './hosts.mjs';

const { Etcd3 } = createRequire(path.join(ROOT, 'package.json'))('etcd3');
const f = sharedFleet(test, ['alpha']);
const ESC = '\u001b[2J\u001b[31m';

f.test('N-F3: fleet status and fleet ls print host names, states and errors from etcd with control characters escaped', async (t) => {
  const client = new Etcd3({ hosts: [f.etcd.url] });
  const id = 'web-20261204-000000-abcd';
  const host = `evil${ESC}host`;
  try {
    const now = Date.now();
    await client.put(`/moult/rollouts/${id}`).value(JSON.stringify({
      id, app: 'web', kind: 'update', sha256: 'a'.repeat(64), name: 'fix.js', options: { canary: 0, batch: '25%', max_failures: 0, min_healthy_ms: 0, deadline_ms: 1000 },
      waves: [[host, 'alpha']], wave: 0, state: 'running', hosts: { [host]: { wave: 0, state: 'pending' }, alpha: { wave: 0, state: 'pending' } }, created_at: now, updated_at: now,
    }));
    await client.put(`/moult/results/${id}/alpha/apply`).value(JSON.stringify({ outcome: `failed${ESC}`, error: `why${ESC}`, at: now }));
    await client.put(`/moult/members/${host}`).value(JSON.stringify({ host, labels: { [`k${ESC}`]: `v${ESC}` }, apps: [`a${ESC}`], seen_at: now }));
  } finally {
    client.close();
  }
  for (const args of [['status', id], ['status'], ['ls']]) {
    const r = await fleet(f.dir, f.etcd.url, args);
    t.is(r.code, 0, show(r));
    t.false(r.stdout.includes('\u001b'), `fleet ${args.join(' ')} prints no raw escape:\n${JSON.stringify(r.stdout)}`);
    if (args.length !== 1 || args[0] === 'ls') t.true(r.stdout.includes('\\x1b'), `…but shows it escaped:\n${r.stdout}`);
  }
});
