// Audit re-run of 2026-12-04 (docs/security-audit.md), new row N-F2: the durations of an order read
// from etcd are bounded as the CLI bounds them (--deadline, --min-healthy: at most 86 400 s).
// Before, an etcd writer's order with min_healthy_ms 1e308 overflowed the host's timer to 1 ms:
// the health gate was skipped and the update reported `completed`; deadline_ms 1e308 failed it at
// once with "no answer before the deadline", which was not what happened. Now such an order is
// refused, naming the field, and nothing of it is applied.
import crypto from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';
import { sharedFleet, get, GOOD_UPDATE, ROOT } from './hosts.mjs';
import { waitFor } from '../helpers/moult.mjs';

const { Etcd3 } = createRequire(path.join(ROOT, 'package.json'))('etcd3');
const f = sharedFleet(test, ['alpha']);
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

async function order(rollout, durations) {
  const client = new Etcd3({ hosts: [f.etcd.url] });
  try {
    const h = sha(GOOD_UPDATE);
    await client.put(`/moult/updates/${h}`).value(JSON.stringify({ kind: 'update', name: 'v2.js', sha256: h, source: GOOD_UPDATE }));
    await client.put(`/moult/orders/alpha/${rollout}/apply`).value(JSON.stringify({
      rollout, app: 'web', action: 'apply', sha256: h, issued_at: Date.now(), ...durations,
    }));
    const text = await waitFor(() => client.get(`/moult/results/${rollout}/alpha/apply`).string(), `the result of ${rollout}`, { timeoutMs: 20_000 });
    return JSON.parse(text);
  } finally {
    client.close();
  }
}

f.test('N-F2: an order whose min_healthy_ms or deadline_ms no timer can hold is refused, naming the field; the app keeps its code', async (t) => {
  const port = f.hosts[0].port;
  const gate = await order('r-gate', { deadline_ms: 10_000, min_healthy_ms: 1e308 });
  t.is(gate.outcome, 'failed', `not applied with its health gate skipped: ${JSON.stringify(gate)}`);
  t.regex(gate.error, /min_healthy_ms/, gate.error);
  const deadline = await order('r-deadline', { deadline_ms: 1e308, min_healthy_ms: 0 });
  t.is(deadline.outcome, 'failed', JSON.stringify(deadline));
  t.regex(deadline.error, /deadline_ms/, `the refusal names the field, not a deadline that passed: ${deadline.error}`);
  t.is((await get(port)).body, 'hello v1', 'the app still runs its own code');
});
