// A process of lightweight fleet hosts for bench/fleet: the daemon's real FleetAgent (lease,
// host record, order watch, GET after reconnect, claim and result by compare-and-swap) with an
// instant apply. Usage: node agents.mjs <etcd url> <first index> <count>; prints "ready" once
// every agent joined, and stops its agents on SIGTERM.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { FleetAgent } = require('./dist/daemon/fleet/agent.js');
const { openEtcd } = require('./dist/protocol/fleet-etcd.js');

const [url, first, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const client = openEtcd({ etcd: [url] });
const apps = { web: { instances: [{ instance: 0, pid: process.pid, status: 'online', updates: [] }], fleet_updates: [] } };
const agents = [];
for (let i = first; i < first + count; i++) {
  const host = `sim-${String(i).padStart(4, '0')}`;
  agents.push(new FleetAgent(client, { host, labels: { sim: 'yes' }, prefix: '/moult', moult: 'bench', refreshMs: 0 }, {
    snapshot: async () => apps,
    apply: async (_order) => ({ outcome: 'completed', updates: ['v2'], at: Date.now() }),
    claim: () => true,
    recover: () => ({ outcome: 'completed', at: Date.now() }),
    event: () => {},
  }));
}
// Joined in small groups: 1 000 leases granted at once only measures etcd's queue.
for (let i = 0; i < agents.length; i += 25) await Promise.all(agents.slice(i, i + 25).map((a) => a.start()));
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await Promise.all(agents.map((a) => a.stop()));
  client.close();
  process.exit(0);
});
