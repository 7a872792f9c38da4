// A process of lightweight fleet hosts for bench/fleet: the daemon's real FleetAgent (lease,
// host record, watches read afresh after reconnect, the reconcile loop, results by
// compare-and-swap, the host record re-published every 2 s when it changed or its lease was lost,
// as in the daemon) with an instant apply and undo on an in-memory app release.
// The hosts of a process share one etcd client (one gRPC connection): 10 000 connections load
// this 2-core machine more than the hosts do. But one failed call makes etcd3 reset the
// connection of all of them (every watch and lease keep-alive), which a daemon, with its own,
// never sees: MOULT_BENCH_CLIENT_PER_HOST=1 gives each host its own client, as a daemon has.
// Usage: node agents.mjs <etcd url> <first index> <count> [<fail from index> [<lease ttl s>]]; prints "ready" once
// every agent joined, and stops its agents on SIGTERM. Hosts from <fail from index> on fail every
// update named bad.js (the bench's rollout that fails in its last wave, then is rolled back).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { FleetAgent } = require('./dist/daemon/fleet/agent.js');
const { openEtcd } = require('./dist/protocol/fleet-etcd.js');

const [url, first, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const failFrom = process.argv[5] === undefined ? Infinity : Number(process.argv[5]);
const leaseTtlS = Number(process.argv[6] ?? 10);
const shared = process.env.MOULT_BENCH_CLIENT_PER_HOST === '1' ? null : openEtcd({ etcd: [url] });
const clients = [];
const clientFor = () => {
  if (shared) return shared;
  const c = openEtcd({ etcd: [url] });
  clients.push(c);
  return c;
};
const agents = [];
for (let i = first; i < first + count; i++) {
  const host = `sim-${String(i).padStart(5, '0')}`;
  const fails = i >= failFrom;
  // Each simulated host's app release: the fleet updates in force, as the daemon's would be.
  const inForce = [];
  const claims = new Set();
  const apps = () => ({ web: { instances: [{ instance: 0, pid: process.pid, status: 'online', updates: inForce.flatMap((u) => u.names) }], fleet_updates: inForce.map((u) => u.sha16) } });
  agents.push(new FleetAgent(clientFor(), { host, labels: { sim: 'yes' }, prefix: '/moult', moult: 'bench', resyncMs: 0, leaseTtlS }, {
    snapshot: async () => apps(),
    release: { inForce: () => inForce, apps: () => ['web'], settled: () => true, online: () => true, fingerprint: () => JSON.stringify(inForce) },
    memory: {
      claim: (o) => !claims.has(o) && Boolean(claims.add(o)),
      claimed: (o) => claims.has(o),
      failedHere: () => [],
      markFailed: () => {},
      clearFailed: () => {},
      unverified: () => [],
      setUnverified: () => {},
    },
    // An instant apply (the update named after its file) and undo.
    apply: async (_app, update, updateId) => {
      if (fails && update.ok && update.value.name === 'bad.js') return { ok: false, error: 'bench: bad.js fails on this host', names: [], inForce: false };
      const id = /^fleet-(.+)-([0-9a-f]{16})$/.exec(updateId);
      inForce.push({ update_id: updateId, rollout: id[1], sha16: id[2], names: [update.ok ? update.value.name : 'v'] });
      return { ok: true, names: inForce.at(-1).names };
    },
    undo: async (_app, target) => {
      inForce.splice(inForce.findIndex((u) => u.update_id === target.update_id), 1);
      return null;
    },
    unhealthy: async () => null,
    event: () => {},
  }));
}
// A join that etcd refused (overloaded) is tried again, as the daemon does (daemon/fleet/start.ts).
let retries = 0;
async function join(a) {
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await a.start();
    } catch {
      retries++;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
// Joined in small groups: 1 000 leases granted at once only measures etcd's queue.
for (let i = 0; i < agents.length; i += 25) await Promise.all(agents.slice(i, i + 25).map(join));
process.stdout.write(`ready ${retries}\n`);
process.on('SIGTERM', async () => {
  await Promise.all(agents.map((a) => a.stop()));
  for (const c of shared ? [shared] : clients) c.close();
  process.exit(0);
});
