// Loaded with `node --require <this> app.js`, by the daemon or by hand. It must stay cheap and must
// never break the app: anything that fails here is reported on stderr and the app starts anyway.
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { installLoadHooks } from './instrument/load-hooks';
import { parseInstrumentSetting, type InstrumentSetting } from './instrument/filter';
import { setDefaultManagerFactory } from './dsu/manager';
import { setDefaultHookTimeout } from './dsu/hook-deadline';
import { useCache } from './instrument/cache';
import { RUNTIME_ENV } from '../protocol/runtime-channel';
import { readSecretFd } from '../protocol/secret-pipe';
import { guardIpc, isClusterWorker } from './host/ipc';

function entryIsEsm(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  if (entry.endsWith('.mjs')) return true;
  if (!entry.endsWith('.js') && path.extname(entry) !== '') return false;
  // A .js file is ESM under the nearest package.json that says "type": "module".
  for (let dir = path.dirname(path.resolve(entry)); ; dir = path.dirname(dir)) {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      if (path.dirname(dir) === dir) return false;
    }
  }
}

function parseStartUp(text: string | undefined): { settle_ms: number; added: string[] } | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { settle_ms?: unknown; added?: unknown };
    if (typeof v.settle_ms === 'number' && v.settle_ms >= 0 && Array.isArray(v.added) && v.added.every((a) => typeof a === 'string')) return { settle_ms: v.settle_ms, added: v.added as string[] };
  } catch { /* below */ }
  process.stderr.write(`moult runtime: ${RUNTIME_ENV.startup} is not what the daemon sets; start-up is not watched\n`);
  return null;
}

// Node runs --require preloads in every thread, the loader's hooks thread and the app's workers
// included: the runtime (its hooks, its manager, its channel to the daemon) lives in the main
// thread only, one per process.
if (isMainThread) {
  try {
    guardIpc();
    // Loads http and https: only where it is needed.
     
    if (isClusterWorker()) (require('./host/cluster-drain') as typeof import('./host/cluster-drain')).installClusterDrain();
  } catch (err) {
    process.stderr.write(`moult runtime: cannot guard process.send: ${(err as Error).message}\n`);
  }
  try {
    const env = process.env;
    const runDir = env[RUNTIME_ENV.runDir];
    const agent = runDir ? {
      app: env[RUNTIME_ENV.app] ?? 'app',
      instance: Number(env[RUNTIME_ENV.instance] ?? 0),
      runDir,
      manager: env[RUNTIME_ENV.manager] || undefined,
      // On an inherited pipe, read and closed here: never in the environment (audit row 1.19).
      secret: readSecretFd(env[RUNTIME_ENV.secretFd], (msg) => process.stderr.write(`moult runtime: ${msg}\n`)) ?? undefined,
    } : null;
    let instrument: InstrumentSetting = null;
    try {
      instrument = parseInstrumentSetting(env[RUNTIME_ENV.instrument]);
    } catch (err) {
      process.stderr.write(`moult runtime: ${(err as Error).message}; instrumenting the default set\n`);
    }
    useCache(env[RUNTIME_ENV.cacheDir]);
    const dateFormat = env[RUNTIME_ENV.logDateFormat];
     
    if (dateFormat) (require('./host/log-streams') as typeof import('./host/log-streams')).prefixLines(dateFormat);
    // SPEC 6.6: started by a daemon, the process takes no request before the app's release is
    // replayed into it (runtime/host/start-hold.ts). Before the agent: a release cannot come first.
    const holdMs = agent ? Number(env[RUNTIME_ENV.hold]) : 0;
    if (holdMs > 0) (require('./host/start-hold') as typeof import('./host/start-hold')).holdStart(holdMs, isClusterWorker() ? 'listen' : 'connections');
    const hookTimeout = Number(env[RUNTIME_ENV.hookTimeout]);
    if (hookTimeout > 0) setDefaultHookTimeout(hookTimeout);
    const startup = parseStartUp(env[RUNTIME_ENV.startup]);
    // Children the app forks must not take over this process's identity and socket.
    for (const k of Object.values(RUNTIME_ENV)) delete env[k];
    if (agent) {
      // The agent first: warnings from the hooks below then reach the daemon.
       
      (require('./host/agent') as typeof import('./host/agent')).startAgent(agent);
      // Releases need to know what ran only at start-up (SPEC 6.5).
      const own = path.join(agent.runDir, `${process.pid}.sock`);
       
      if (startup) (require('./patch/start-up') as typeof import('./patch/start-up')).watchStartUp(startup, (address) => address === own);
    }
    setDefaultManagerFactory(() => {
       
      const { ThreadedManager } = require('./dsu/threaded-manager') as typeof import('./dsu/threaded-manager');
      return new ThreadedManager({ name: 'default' });
    });
    installLoadHooks({ instrument, base: process.cwd(), esmEntry: entryIsEsm() });
  } catch (err) {
    process.stderr.write(`moult runtime: preload failed, the app runs without live updates: ${(err as Error).stack ?? err}\n`);
  }
}
