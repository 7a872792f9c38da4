// Shared by the "one version at a time" tests (SPEC 6.6, issue 17): an app that answers
// `{v, pid}` on a port, an update that changes `v`, a client that sends one request after the other
// on a fresh connection and remembers when each was sent and what answered it (so that answers by
// code older than the last completed update can be counted: stale answers), and the check that every
// instance ends on its app's release.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { show, startAndWaitOnline } from './moult.mjs';
import { freePort } from './http-load.mjs';

/** `wait_ready` apps call pm2's process.send('ready') once they listen. */
export const VERSION_APP = `const http = require('node:http');
function version() { return 'v1'; }
http.createServer((req, res) => res.end(JSON.stringify({ v: version(), pid: process.pid })))
  .listen(Number(process.env.PORT), () => { if (process.send) process.send('ready'); });
module.exports = { version };
`;

/**
 * `version()` answers `v`. The module takes `loadMs` to produce its update (as a real update that
 * requires a large dependency does): a process that served before its replay would be caught
 * answering with the old code during that time.
 */
export const versionUpdate = (v, loadMs = 400) => `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = async (ctx) => {
  await new Promise((r) => setTimeout(r, ${loadMs}));
  return new SafeRedefineUpdate(ctx.main, ctx.main.version, function version() { return '${v}'; }, { name: '${v}' });
};
`;

function ask(port) {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => { body += d; }).on('end', () => {
        try {
          const { v, pid } = JSON.parse(body);
          resolve({ sentAt, v, pid });
        } catch {
          resolve({ sentAt, error: `HTTP ${res.statusCode} ${body.slice(0, 40)}` });
        }
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => resolve({ sentAt, error: err.code ?? err.message }));
  });
}

/**
 * `loops` clients, each one request after the other on a fresh connection. Refused connections
 * (a fork app restarting has nobody listening for a moment) are counted, not fatal.
 */
export function watchVersions(port, { loops = 2 } = {}) {
  const answers = [];
  const errors = {};
  let running = true;
  const loop = async () => {
    while (running) {
      const a = await ask(port);
      if (a.error) {
        errors[a.error] = (errors[a.error] ?? 0) + 1;
        await sleep(5);
      } else {
        answers.push(a);
      }
    }
  };
  const all = Array.from({ length: loops }, loop);
  const w = {
    answers,
    errors,
    /** Answers to requests sent at or after `at` that did not come from version `v`. */
    staleSince: (at, v) => answers.filter((a) => a.sentAt >= at && a.v !== v),
    /** Resolves once `pred(answer)` held for an answer sent at or after `since`. */
    async until(pred, what, { since = 0, timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (!answers.some((a) => a.sentAt >= since && pred(a))) {
        if (Date.now() > deadline) throw new Error(`no answer ${what} within ${timeoutMs} ms (${answers.length} answers, errors ${JSON.stringify(errors)})`);
        await sleep(20);
      }
    },
    /** `n` more answers after now (so that a new process is asked more than once). */
    async more(n = 20) {
      const target = answers.length + n;
      while (answers.length < target) await sleep(20);
    },
    async stop() {
      running = false;
      await Promise.all(all);
      return w;
    },
  };
  return w;
}

/** A readable summary of stale answers, for assertion messages. */
export const showStale = (stale) => stale.slice(0, 6).map((a) => `${a.v} from ${a.pid} at +${a.sentAt}`).join(', ');

/** The release id `moult ls --json` shows for `app` (the same on each of its rows). */
export async function releaseOf(sb, app) {
  const ids = new Set((await sb.ls()).filter((i) => i.name === app).map((i) => i.release));
  if (ids.size !== 1) throw new Error(`${app}: ${ids.size} release ids in ls (${[...ids].join(', ')})`);
  return [...ids][0];
}

/**
 * Every instance of `app` online, on the app's release (its `instance_release` equal to the app's
 * `release`, no drift), and that release is `expected` (an id read earlier with releaseOf: the
 * release an update made, or the one from before an update that did not stand); returns the
 * instances.
 */
export async function everyInstanceOnRelease(t, sb, app, expected) {
  const list = (await sb.ls()).filter((i) => i.name === app);
  t.true(list.length > 0, `${app} has instances`);
  for (const i of list) {
    t.is(i.status, 'online', `${app}[${i.instance}] online`);
    t.is(typeof i.release, 'string', `${app}[${i.instance}] shows its app's release id`);
    t.is(i.release, expected, `${app}'s release is ${expected}`);
    t.is(i.instance_release, i.release, `${app}[${i.instance}] runs the app's release ${i.release}`);
    t.false(i.drift, `${app}[${i.instance}] not flagged as drift`);
  }
  return list;
}

/**
 * Starts one app (`config`: name, exec_mode, instances…; its script app.js is VERSION_APP unless
 * `files` says otherwise) on a free port, with a client watching it; resolves once v1 answered.
 */
export async function startWatched(t, sb, config, files = {}) {
  const port = await freePort();
  sb.files({ 'app.js': VERSION_APP, ...files });
  const eco = sb.ecosystem([{ script: 'app.js', wait_ready: true, ...config, env: { PORT: String(port) } }]);
  await startAndWaitOnline(sb, eco, { apps: { [config.name]: config.instances ?? 1 }, timeoutMs: 30_000 });
  const client = watchVersions(port);
  t.teardown(() => client.stop());
  await client.until((a) => a.v === 'v1', 'from v1');
  return { port, client };
}

/**
 * `moult update <app> <file>`, which must exit 0; resolves with the moment it reported completed
 * and the app's release id then (which the update must have changed).
 */
export async function updateCompleted(t, sb, app, file) {
  const before = await releaseOf(sb, app);
  const r = await sb.cli(['update', app, file], { timeoutMs: 60_000 });
  t.is(r.code, 0, show(r));
  const at = Date.now();
  const release = await releaseOf(sb, app);
  t.not(release, before, `the update made a new release of ${app}`);
  return { at, release };
}
