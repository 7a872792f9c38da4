// The plan of a rollout (client/fleet/plan.ts, SPEC 8), without etcd: each case is a fleet written
// as `moult fleet ls` shows it (host, up or down, labels, apps), the flags of
// `moult fleet update web …` (--hosts, --canary, --batch; defaults 0 and 25% as in
// client/fleet/cli.ts), and the plan as the CLI prints it (`web-1 | web-2,web-3`, hosts down now
// are `missed`), or the refusal with its exit code. A down host is a member record (seen before)
// with no host record (its lease is gone). test/fleet/ keeps the rollouts that need etcd and daemons.
import test from 'ava';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { parseHostFilter, planWaves } = require(path.join(root, 'dist/client/fleet/plan.js'));

/** `web-1 up zone=eu,tier=front web,api` → the etcd records of that host (a host record only when up). */
function fleetOf(lines) {
  const live = [];
  const members = [];
  for (const line of lines) {
    const [host, state, labelText, appText] = line.split(/\s+/);
    const labels = labelText === '-' ? {} : Object.fromEntries(labelText.split(',').map((kv) => kv.split('=')));
    const apps = appText.split(',');
    members.push({ host, labels, apps, seen_at: 1 });
    if (state === 'up') {
      live.push({ host, labels, moult: '0.1.0', node: process.version, pid: 1000 + live.length, updated_at: 1, apps: Object.fromEntries(apps.map((a) => [a, { instances: [], fleet_updates: [] }])) });
    }
  }
  return { live, members };
}

const THREE = ['web-1 up zone=eu web', 'web-2 up zone=eu web', 'web-3 up zone=us web'];
const EIGHT = Array.from({ length: 8 }, (_, i) => `web-${i + 1} up - web`);
const MIXED = ['web-1 up zone=eu,tier=front web', 'web-2 up zone=eu,tier=back web', 'web-3 down zone=eu,tier=front web', 'web-4 down zone=us web', 'db-1 up zone=eu db', 'db-2 down zone=eu db', 'web-5 up zone=us,tier=front web,api'];

// fleet + flags → plan (or refusal).
const CASES = [
  { name: 'the README rollout: --canary 1 --batch 1 on three hosts', fleet: THREE, flags: { canary: 1, batch: '1' }, plan: 'web-1 | web-2 | web-3' },
  { name: 'defaults (no canary, --batch 25%): eight hosts in four waves of two', fleet: EIGHT, flags: {}, plan: 'web-1,web-2 | web-3,web-4 | web-5,web-6 | web-7,web-8' },
  { name: '--batch 50% of three hosts: waves of two (rounded up)', fleet: THREE, flags: { batch: '50%' }, plan: 'web-1,web-2 | web-3' },
  { name: '--batch 1% of three hosts: at least one host per wave', fleet: THREE, flags: { batch: '1%' }, plan: 'web-1 | web-2 | web-3' },
  { name: '--batch 100%: every host in one wave', fleet: EIGHT, flags: { batch: '100%' }, plan: 'web-1,web-2,web-3,web-4,web-5,web-6,web-7,web-8' },
  { name: '--canary 2 --batch 100%: two canaries, then all the rest', fleet: EIGHT, flags: { canary: 2, batch: '100%' }, plan: 'web-1,web-2 | web-3,web-4,web-5,web-6,web-7,web-8' },
  { name: '--batch is taken of all the hosts, the canary included', fleet: EIGHT, flags: { canary: 1, batch: '50%' }, plan: 'web-1 | web-2,web-3,web-4,web-5 | web-6,web-7,web-8' },
  { name: '--canary larger than the fleet: one wave of every host', fleet: THREE, flags: { canary: 5 }, plan: 'web-1,web-2,web-3' },
  { name: '--batch " 2 " (spaces around it) is read as 2', fleet: THREE, flags: { batch: ' 2 ' }, plan: 'web-1,web-2 | web-3' },
  { name: 'hosts go in name order, as text (web-10 before web-2)', fleet: ['web-2 up - web', 'web-10 up - web', 'web-1 up - web'], flags: { batch: '1' }, plan: 'web-1 | web-10 | web-2' },
  { name: 'only the hosts that run the app; hosts of other apps are neither planned nor missed', fleet: MIXED, flags: { batch: '100%' }, plan: 'web-1,web-2,web-5', missed: 'web-3,web-4' },
  { name: '--hosts web-1,web-3: those hosts only', fleet: THREE, flags: { hosts: 'web-1,web-3', batch: '1' }, plan: 'web-1 | web-3' },
  { name: '--hosts zone=eu: the hosts with that label, down ones missed', fleet: MIXED, flags: { hosts: 'zone=eu', batch: '100%' }, plan: 'web-1,web-2', missed: 'web-3' },
  { name: '--hosts zone=eu,tier=front: every label must match', fleet: MIXED, flags: { hosts: 'zone=eu,tier=front' }, plan: 'web-1', missed: 'web-3' },
  { name: '--hosts naming a host that is down: the others go, it is missed', fleet: MIXED, flags: { hosts: 'web-1,web-3', batch: '1' }, plan: 'web-1', missed: 'web-3' },
  { name: '--hosts naming no host of the fleet: exit 2', fleet: THREE, flags: { hosts: 'web-1,web-9' }, refused: [2, /no host named web-9 in the fleet/] },
  { name: '--hosts mixing names and labels: exit 2', fleet: THREE, flags: { hosts: 'web-1,zone=eu' }, refused: [2, /either host names or label=value pairs, not both/] },
  { name: '--hosts with nothing in it: exit 2', fleet: THREE, flags: { hosts: ' , ' }, refused: [2, /expected name,… or label=value/] },
  { name: '--hosts whose hosts are all down: exit 1', fleet: MIXED, flags: { hosts: 'web-3,web-4' }, refused: [1, /no live host of the fleet runs web \(with --hosts\)/] },
  { name: '--hosts zone=asia: no host has that label, exit 1', fleet: MIXED, flags: { hosts: 'zone=asia' }, refused: [1, /no live host of the fleet runs web \(with --hosts\)/] },
  { name: 'no live host runs the app: exit 1', fleet: ['web-1 down - web', 'db-1 up - db'], flags: {}, refused: [1, /no live host of the fleet runs web$/] },
  { name: '--batch 0: exit 2', fleet: THREE, flags: { batch: '0' }, refused: [2, /--batch: expected a positive count or a percentage/] },
  { name: '--batch 150%: exit 2', fleet: THREE, flags: { batch: '150%' }, refused: [2, /--batch: .*not "150%"/] },
  { name: '--batch half: exit 2', fleet: THREE, flags: { batch: 'half' }, refused: [2, /--batch: .*not "half"/] },
  { name: '--batch -1: exit 2', fleet: THREE, flags: { batch: '-1' }, refused: [2, /--batch: .*not "-1"/] },
];

/** `moult fleet update web …` with these flags: the plan as the CLI prints it. */
function plan(fleet, { hosts, canary = 0, batch = '25%' }) {
  const { live, members } = fleetOf(fleet);
  const p = planWaves('web', live, members, parseHostFilter(hosts), canary, batch);
  return { plan: p.waves.map((w) => w.join(',')).join(' | '), missed: p.missed.join(',') };
}

for (const c of CASES) {
  test(`wave planning: ${c.name}`, (t) => {
    if (c.refused) {
      const [exitCode, message] = c.refused;
      const err = t.throws(() => plan(c.fleet, c.flags), { name: 'CliError', message });
      t.is(err.exitCode, exitCode);
      return;
    }
    t.deepEqual(plan(c.fleet, c.flags), { plan: c.plan, missed: c.missed ?? '' });
  });
}
