// Loaded with `node --require <this> app.js`, by the daemon or by hand. It must stay cheap and must
// never break the app: anything that fails here is reported on stderr and the app starts anyway.
import fs from 'node:fs';
import path from 'node:path';
import { installCjsHook, installEsmHook } from './resolve-hooks';
import { setDefaultManagerFactory } from './registry';
import { RUNTIME_ENV } from '../protocol/runtime-channel';

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

try {
  installCjsHook();
  if (entryIsEsm()) installEsmHook();
  setDefaultManagerFactory(() => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { ThreadedManager } = require('./threaded-manager') as typeof import('./threaded-manager');
    return new ThreadedManager({ name: 'default' });
  });
  const env = process.env;
  const runDir = env[RUNTIME_ENV.runDir];
  if (runDir) {
    const options = {
      app: env[RUNTIME_ENV.app] ?? 'app',
      instance: Number(env[RUNTIME_ENV.instance] ?? 0),
      runDir,
      manager: env[RUNTIME_ENV.manager] || undefined,
    };
    // Children the app forks must not take over this process's identity and socket.
    for (const k of Object.values(RUNTIME_ENV)) delete env[k];
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    (require('./agent') as typeof import('./agent')).startAgent(options);
  }
} catch (err) {
  process.stderr.write(`moult runtime: preload failed, the app runs without live updates: ${(err as Error).stack ?? err}\n`);
}
