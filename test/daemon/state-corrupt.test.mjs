// Issue 11, finding 5: a corrupted state.json. Truncated, the daemon silently meant "no apps";
// `{"version":1,"apps":[null]}` kept it from ever starting (every command waited 10 s and failed).
// Now the daemon moves the file aside to state.json.corrupt-<time>, logs a daemon.warning naming
// the file it kept, and starts normally.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor, startAndWaitOnline, tickerApp } from '../helpers/moult.mjs';

const GOOD_APP = { name: 'a', script: '/x/a.js', args: [], cwd: '/x', env: {}, instances: 1, autorestart: true, max_restarts: 15, min_uptime: 1000, restart_delay: 0, kill_timeout: 1600, node_args: [], updates: { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30000 } };
const valid = JSON.stringify({ version: 1, daemon_pid: 1, apps: [{ config: GOOD_APP, instances: [{ instance: 0, pid: null, status: 'stopped', restarts: 0, started_at: null }], updates: [] }] }, null, 2);

const CASES = {
  truncated: valid.slice(0, Math.floor(valid.length / 2)),
  'not JSON': 'this is not json at all\n',
  'apps: [null]': '{"version":1,"apps":[null]}',
  'wrong types': JSON.stringify({ version: 1, daemon_pid: 1, apps: [{ config: { ...GOOD_APP, name: 42 }, instances: 'zero', updates: {} }] }),
};

for (const [what, content] of Object.entries(CASES)) {
  test(`state.json ${what}: moved aside to state.json.corrupt-<time>, a warning names it, the daemon starts`, async (t) => {
    const sb = sandbox(t);
    fs.mkdirSync(sb.home, { mode: 0o700 });
    fs.writeFileSync(path.join(sb.home, 'state.json'), content, { mode: 0o600 });

    const r = await sb.cli(['ls', '--json'], { timeoutMs: 8000 });
    t.is(r.code, 0, show(r));
    t.deepEqual(JSON.parse(r.stdout), []);

    const kept = fs.readdirSync(sb.home).filter((f) => f.startsWith('state.json.corrupt-'));
    t.is(kept.length, 1, `one copy kept aside: ${fs.readdirSync(sb.home).join(', ')}`);
    t.is(fs.readFileSync(path.join(sb.home, kept[0] ?? 'none'), 'utf8'), content, 'the corrupt file is kept as it was');
    const warning = await waitFor(() => sb.find({ event: 'daemon.warning', msg: /corrupt/ })[0], 'a daemon.warning about the corrupt state').catch(() => null);
    t.truthy(warning, sb.tail());
    t.true(warning?.msg.includes(path.join(sb.home, kept[0] ?? 'none')), `the warning names the kept file: ${warning?.msg}`);

    // And the daemon works: an app starts and state.json is valid again.
    sb.files({ 'a.js': tickerApp('a', 1000) });
    await startAndWaitOnline(sb, sb.ecosystem([{ name: 'a', script: 'a.js' }]), { apps: { a: 1 } });
    const state = JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8'));
    t.deepEqual(state.apps.map((a) => a.config.name), ['a']);
  });
}
