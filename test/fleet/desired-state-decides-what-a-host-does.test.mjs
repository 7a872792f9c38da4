// daemon/fleet/desired-state.ts, the rules a host's reconcile loop follows (SPEC 8,
// Reconciliation), one row per rule: what etcd says and what the app runs in, the host's next
// action out. The fault tests show them on real daemons; this table pins each rule down, among them
// the one no fault test can show by its absence: a release that shrinks or vanishes undoes nothing.
import test from 'ava';
import { createRequire } from 'node:module';
import { ROOT } from '../helpers/moult.mjs';

const require = createRequire(`${ROOT}/package.json`);
const { nextActions } = require(`${ROOT}/dist/daemon/fleet/desired-state.js`);
const { fleetUpdateId } = require(`${ROOT}/dist/protocol/fleet.js`);

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const entry = (sha, rollout, name = 'u.js') => ({ sha256: sha, rollout, name, kind: 'update' });
const inForce = (sha, rollout) => ({ update_id: fleetUpdateId(rollout, sha), rollout, sha16: sha.slice(0, 16), names: [rollout] });
const order = (rollout, sha, { action = 'apply', generation = 1, forward, revert } = {}) => ({
  key: `/moult/orders/h1/${rollout}/${action}`,
  order: { rollout, generation, app: 'web', action, sha256: sha, issued_at: 1, deadline_ms: 1000, min_healthy_ms: 0 },
  ...(forward ? { forward: { outcome: forward, at: 1, ...(forward === 'completed' ? {} : { error: 'x' }) } } : {}),
  ...(revert ? { revert: { outcome: revert, at: 2 } } : {}),
});
const base = (over) => ({
  app: 'web', release: [], retired: [], pointer: null, orders: [], inForce: [], failedHere: new Set(), unverified: [],
  claimed: () => false, settled: true, online: true, ...over,
});
const kinds = (s) => nextActions(base(s)).map((a) => `${a.kind}${a.entry ? ` ${a.entry.rollout}` : a.target ? ` ${a.target.rollout}` : a.seen ? ` ${a.seen.order.rollout}` : ''}`);

const rows = [
  ['an order of the running rollout and generation is applied',
    { pointer: { rollout: 'r1', generation: 1, phase: 'running' }, orders: [order('r1', A)] }, ['apply r1']],
  ['an order of a rollout that is over is refused (row 4a)',
    { pointer: { rollout: 'r1', generation: 1, phase: 'over' }, orders: [order('r1', A)] }, ['refuse r1']],
  ['an order of an older generation is refused',
    { pointer: { rollout: 'r1', generation: 2, phase: 'running' }, orders: [order('r1', A, { generation: 1 })] }, ['refuse r1']],
  ['an order with no pointer at all (etcd lost it) is refused',
    { orders: [order('r1', A)] }, ['refuse r1']],
  ['an order taken before a restart is reported, never applied again',
    { pointer: { rollout: 'r1', generation: 1, phase: 'running' }, orders: [order('r1', A)], claimed: () => true }, ['recover r1']],
  ['the release entries the app lacks are caught up, first one first',
    { release: [entry(A, 'r1'), entry(B, 'r2')], inForce: [inForce(A, 'r1')] }, ['catch-up r2']],
  ['a release that shrank undoes nothing',
    { release: [entry(A, 'r1')], inForce: [inForce(A, 'r1'), inForce(B, 'r2')] }, []],
  ['a release that vanished (etcd lost its data) undoes nothing',
    { release: [], pointer: null, inForce: [inForce(A, 'r1'), inForce(B, 'r2')] }, []],
  ['an update whose rollout is reverting is undone (rows 2c, 4b)',
    { pointer: { rollout: 'r2', generation: 2, phase: 'reverting' }, inForce: [inForce(A, 'r1'), inForce(B, 'r2')] }, ['undo r2']],
  ['a retired update is undone, newest first',
    { retired: [{ sha256: B, rollout: 'r2', name: 'b.js', by: 'r2', at: 1 }, { sha256: C, rollout: 'r3', name: 'c.js', by: 'r3', at: 1 }], inForce: [inForce(A, 'r1'), inForce(B, 'r2'), inForce(C, 'r3')] }, ['undo r3', 'undo r2']],
  ['an entry that failed here is not caught up again; the next one is (row 7a)',
    { release: [entry(A, 'r1'), entry(B, 'r2')], failedHere: new Set([fleetUpdateId('r1', A)]) }, ['catch-up r2']],
  ['nothing is caught up or undone while an instance is starting (its own catch-up is under way)',
    { release: [entry(A, 'r1')], settled: false, retired: [{ sha256: B, rollout: 'r2', name: 'b.js', by: 'r2', at: 1 }], inForce: [inForce(B, 'r2')] }, []],
  ['a running fleet rollback keeps its entry off the host it ordered',
    { pointer: { rollout: 'rb', generation: 3, phase: 'running' }, release: [entry(A, 'r1')], orders: [order('rb', A, { action: 'rollback', generation: 3, forward: 'completed' })] }, []],
  ['a fleet rollback that did not succeed: its entry is applied again, then its revert is reported',
    { pointer: { rollout: 'rb', generation: 3, phase: 'over' }, release: [entry(A, 'r1')], orders: [order('rb', A, { action: 'rollback', generation: 3, forward: 'completed' })] }, ['catch-up r1']],
  ['once a reverted rollout\'s update is gone, its revert is reported',
    { pointer: { rollout: 'r2', generation: 2, phase: 'over' }, retired: [{ sha256: B, rollout: 'r2', name: 'b.js', by: 'r2', at: 1 }], orders: [order('r2', B, { generation: 2, forward: 'completed' })] }, ['report-revert r2']],
  ['an applied update that failed here since (blamed for a crash) is reported failed, not reverted, and not caught up again',
    { pointer: { rollout: 'r1', generation: 1, phase: 'over' }, release: [entry(A, 'r1')], failedHere: new Set([fleetUpdateId('r1', A)]), orders: [order('r1', A, { forward: 'completed' })] }, ['report-failure r1']],
  ['updates caught up before the app was online pass the health gate once it is',
    { inForce: [inForce(A, 'r1')], release: [entry(A, 'r1')], unverified: [fleetUpdateId('r1', A)] }, ['verify']],
];

for (const [title, state, expected] of rows) {
  test(title, (t) => {
    t.deepEqual(kinds(state), expected);
  });
}
