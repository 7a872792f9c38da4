// Issue 16 item 6 (audit rows 5.3, 5.4, 5.7): values an ecosystem file may write but no machine
// can honour are refused before anything starts, with the JSON path and the limit: `instances`
// over 1024 per app (1e300 ran the daemon out of memory, 100000 began a fork bomb), more than 4096
// instances in one file, a duration longer than a Node timer can wait (`kill_timeout:
// "99999999999h"` wrapped to ~1 ms), a size over 1 TiB, more than 1000 rotated logs kept. Values
// at the limits load. The limits come from protocol/limits.ts, the one definition.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import test from 'ava';
import { config, scratch, writeEco } from './helpers.mjs';

const require = createRequire(import.meta.url);
const limits = require('../../dist/protocol/limits.js');
const { loadEcosystem, appFromScript, validateEcosystem, ConfigError } = config;
const dir = scratch();
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }));

const app = (extra = {}) => ({ name: 'web', script: 'app.js', ...extra });

function refused(t, content, at, pattern) {
  const file = writeEco(dir, content);
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError }, `${JSON.stringify(content)} was accepted`);
  t.is(err.code, 'ECONFIG');
  t.is(err.path, at, err.message);
  t.regex(err.message, pattern);
  return err;
}

test('the limits are defined once, in protocol/limits.ts', (t) => {
  t.is(limits.MAX_INSTANCES, 1024);
  t.is(limits.MAX_TOTAL_INSTANCES, 4096);
  t.is(limits.MAX_DURATION_MS, 2 ** 31 - 1);
  t.is(limits.MAX_SIZE_BYTES, 1024 ** 4);
  t.is(limits.MAX_LOG_RETAIN, 1000);
});

test('row 5.3: instances 1e300 is refused with its path and the limit', (t) => {
  refused(t, { apps: [app({ instances: 1e300 })] }, 'apps[0].instances', /over the limit of 1024 instances per app/);
});

test('row 5.4: instances 100000 is refused with its path; 1024 loads', (t) => {
  refused(t, { apps: [app({ instances: 100000 })] }, 'apps[0].instances', /100000.*over the limit of 1024/);
  refused(t, { apps: [app({ instances: 1025 })] }, 'apps[0].instances', /1025/);
  t.is(loadEcosystem(writeEco(dir, { apps: [app({ instances: 1024 })] })).apps[0].instances, 1024);
});

test('row 5.4: more than 4096 instances in one file is refused, naming the app that passes the limit', (t) => {
  const apps = Array.from({ length: 5 }, (_, i) => app({ name: `a${i}`, instances: 1000 }));
  refused(t, { apps }, 'apps[4].instances', /5000 instances in all, over the limit of 4096/);
  t.is(loadEcosystem(writeEco(dir, { apps: apps.slice(0, 4) })).apps.length, 4);
});

test('row 5.4: -i over the limit is refused for a script too', (t) => {
  // appFromScript takes pm2's start options as app fields since issue 21 (the CLI names the option: -i).
  const err = t.throws(() => appFromScript({ script: 'app.js', instances: 100000 }, { cwd: dir }), { instanceOf: ConfigError });
  t.is(err.path, 'apps[0].instances');
  t.regex(err.message, /over the limit of 1024/);
});

const DURATIONS = [
  ['min_uptime', (v) => app({ min_uptime: v }), 'apps[0].min_uptime'],
  ['restart_delay', (v) => app({ restart_delay: v }), 'apps[0].restart_delay'],
  ['exp_backoff_restart_delay', (v) => app({ exp_backoff_restart_delay: v }), 'apps[0].exp_backoff_restart_delay'],
  ['kill_timeout', (v) => app({ kill_timeout: v }), 'apps[0].kill_timeout'],
  ['listen_timeout', (v) => app({ listen_timeout: v }), 'apps[0].listen_timeout'],
  ['watch_delay', (v) => app({ watch_delay: v }), 'apps[0].watch_delay'],
  ['health.timeout', (v) => app({ health: { ready: true, timeout: v } }), 'apps[0].health.timeout'],
  ['updates.sleep_time', (v) => app({ updates: { sleep_time: v } }), 'apps[0].updates.sleep_time'],
  ['updates.hook_timeout', (v) => app({ updates: { hook_timeout: v } }), 'apps[0].updates.hook_timeout'],
];

for (const [field, make, at] of DURATIONS) {
  test(`row 5.7: ${field} longer than a timer can wait is refused with its path ("99999999999h", 1e308, 596h 1ms)`, (t) => {
    for (const v of ['99999999999h', 1e308, 2 ** 31]) {
      refused(t, { apps: [make(v)] }, at, /over the limit of 2147483647 ms/);
    }
    // The longest a Node timer holds is accepted.
    t.notThrows(() => loadEcosystem(writeEco(dir, { apps: [make(2 ** 31 - 1)] })));
    t.notThrows(() => loadEcosystem(writeEco(dir, { apps: [make('596h')] })));
  });
}

test('sizes over 1 TiB are refused with their path; 1024G loads', (t) => {
  refused(t, { apps: [app({ max_memory_restart: '99999999999G' })] }, 'apps[0].max_memory_restart', /over the limit of 1 TiB/);
  refused(t, { apps: [app({ max_memory_restart: 2 ** 53 })] }, 'apps[0].max_memory_restart', /over the limit of 1 TiB/);
  refused(t, { apps: [app()], daemon: { logs: { max_size: '2000G' } } }, 'daemon.logs.max_size', /over the limit of 1 TiB/);
  t.notThrows(() => loadEcosystem(writeEco(dir, { apps: [app({ max_memory_restart: '1024G' })], daemon: { logs: { max_size: '1024G' } } })));
});

test('daemon.logs.retain over 1000 is refused (each rotation would rename that many files)', (t) => {
  refused(t, { apps: [app()], daemon: { logs: { retain: 1e9 } } }, 'daemon.logs.retain', /over the limit of 1000/);
  t.notThrows(() => loadEcosystem(writeEco(dir, { apps: [app()], daemon: { logs: { retain: 1000 } } })));
});

test('the daemon applies the same bounds to normalised apps (validateEcosystem): instances and durations in ms', (t) => {
  const normalised = loadEcosystem(writeEco(dir, { apps: [app()] })).apps[0];
  t.deepEqual(validateEcosystem({ apps: [normalised] }), []);
  const [p1] = validateEcosystem({ apps: [{ ...normalised, instances: 100000 }] });
  t.like(p1, { path: 'apps[0].instances' });
  const [p2] = validateEcosystem({ apps: [{ ...normalised, kill_timeout: 359999999996400000 }] });
  t.like(p2, { path: 'apps[0].kill_timeout' });
  const [p3] = validateEcosystem({ apps: [{ ...normalised, updates: { ...normalised.updates, hook_timeout: 2 ** 40 } }] });
  t.like(p3, { path: 'apps[0].updates.hook_timeout' });
});
