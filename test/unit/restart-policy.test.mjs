// The restart policy (daemon/instances/restart-policy.ts, SPEC 7, pm2's rules), without processes:
// each case is an app's settings as an ecosystem file gives them and the exits of one instance in
// order (how long each run lasted), with what the daemon does after each: restart after a delay,
// `errored` (it gives up), or `stopped`. The exits go through one crash history, as in
// daemon/instances/instance.ts. test/daemon/restart-backoff.test.mjs keeps the one end-to-end run.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { onExit } = require(path.join(root, 'dist/daemon/instances/restart-policy.js'));
const { parseEcosystem } = require(path.join(root, 'dist/config/ecosystem.js'));

/** The app as the daemon gets it from an ecosystem file (durations as text, defaults filled). */
function appWith(settings) {
  const script = fileURLToPath(import.meta.url); // any existing file: the policy never runs it
  return parseEcosystem({ apps: [{ name: 'web', script, ...settings }] }, path.join(os.tmpdir(), 'ecosystem.json')).apps[0];
}

const ms = (n) => ({ uptimeMs: n });
const STOP = { uptimeMs: 10, stopping: true };

// settings → exits (each run's length) → what follows each exit.
const CASES = [
  { name: 'defaults: a crash is restarted at once', settings: {}, exits: [ms(10), ms(5000)], expect: ['restart in 0 ms', 'restart in 0 ms'] },
  { name: 'restart_delay: every restart waits that long', settings: { restart_delay: 250 }, exits: [ms(10), ms(10), ms(5000)], expect: ['restart in 250 ms', 'restart in 250 ms', 'restart in 250 ms'] },
  { name: 'max_restarts 2: the third crash in a row before min_uptime makes it errored', settings: { max_restarts: 2, min_uptime: '1s' }, exits: [ms(10), ms(10), ms(10)], expect: ['restart in 0 ms', 'restart in 0 ms', 'errored'] },
  { name: 'max_restarts 0: the first crash before min_uptime makes it errored', settings: { max_restarts: 0 }, exits: [ms(999)], expect: ['errored'] },
  { name: 'max_restarts 0: a crash after min_uptime is still restarted', settings: { max_restarts: 0 }, exits: [ms(5000), ms(5000)], expect: ['restart in 0 ms', 'restart in 0 ms'] },
  { name: 'a run longer than min_uptime resets the count of crashes in a row', settings: { max_restarts: 2, min_uptime: '1s' }, exits: [ms(10), ms(10), ms(1500), ms(10), ms(10)], expect: Array(5).fill('restart in 0 ms') },
  { name: 'a run of exactly min_uptime is not a fast crash', settings: { max_restarts: 1, min_uptime: 1000 }, exits: [ms(10), ms(1000), ms(10)], expect: Array(3).fill('restart in 0 ms') },
  { name: 'min_uptime "2s": a run of 1.5 s counts as a fast crash', settings: { max_restarts: 1, min_uptime: '2s' }, exits: [ms(1500), ms(1500)], expect: ['restart in 0 ms', 'errored'] },
  { name: 'exp_backoff_restart_delay 100: 100, 150, 225, 338, 506 ms (×1.5 per fast crash, rounded)', settings: { exp_backoff_restart_delay: 100 }, exits: Array(5).fill(ms(10)), expect: ['restart in 100 ms', 'restart in 150 ms', 'restart in 225 ms', 'restart in 338 ms', 'restart in 506 ms'] },
  { name: 'exp_backoff_restart_delay: capped at 15 s', settings: { exp_backoff_restart_delay: 8000 }, exits: [ms(10), ms(10), ms(10), ms(10)], expect: ['restart in 8000 ms', 'restart in 12000 ms', 'restart in 15000 ms', 'restart in 15000 ms'] },
  { name: 'exp_backoff_restart_delay: a run longer than min_uptime starts the back-off again', settings: { exp_backoff_restart_delay: 100 }, exits: [ms(10), ms(10), ms(10), ms(5000), ms(10)], expect: ['restart in 100 ms', 'restart in 150 ms', 'restart in 225 ms', 'restart in 100 ms', 'restart in 100 ms'] },
  { name: 'exp_backoff_restart_delay takes the place of restart_delay', settings: { restart_delay: 3000, exp_backoff_restart_delay: 100 }, exits: [ms(5000), ms(10)], expect: ['restart in 100 ms', 'restart in 100 ms'] },
  { name: 'exp_backoff_restart_delay 0 is off: restart_delay applies', settings: { restart_delay: 40, exp_backoff_restart_delay: 0 }, exits: [ms(10), ms(10)], expect: ['restart in 40 ms', 'restart in 40 ms'] },
  { name: 'exp_backoff_restart_delay: errored after max_restarts like any other delay', settings: { exp_backoff_restart_delay: 100, max_restarts: 2 }, exits: [ms(10), ms(10), ms(10)], expect: ['restart in 100 ms', 'restart in 150 ms', 'errored'] },
  { name: 'autorestart false: an exit stops the app, never errored', settings: { autorestart: false, max_restarts: 0 }, exits: [ms(10), ms(5000)], expect: ['stopped', 'stopped'] },
  { name: 'a stop asked for (moult stop) is not a crash: no restart', settings: { max_restarts: 0 }, exits: [STOP], expect: ['stopped'] },
];

/** What the instance does after the decision (daemon/instances/instance.ts). */
function outcome(decision) {
  if (decision.action === 'restart') return `restart in ${decision.delayMs} ms`;
  return decision.action === 'give-up' ? 'errored' : 'stopped';
}

for (const c of CASES) {
  test(`restart policy: ${c.name}`, (t) => {
    const app = appWith(c.settings);
    const history = { fastCrashes: 0 };
    const got = c.exits.map((e) => outcome(onExit(app, history, e.uptimeMs, e.stopping ?? false)));
    t.deepEqual(got, c.expect, `settings ${JSON.stringify(c.settings)}, runs of ${c.exits.map((e) => `${e.uptimeMs} ms${e.stopping ? ' (stopped)' : ''}`).join(', ')}`);
  });
}
