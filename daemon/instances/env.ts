// The environment of one instance's process: the daemon's, the app's `env`, pm2's instance
// variables, and the runtime's identity (read and removed by the preload).
import path from 'node:path';
import { INTERNAL_ENV, RUNTIME_ENV, SECRET_FD } from '../../protocol/runtime-channel';
import type { HomeLayout } from '../../protocol/home';
import type { AppConfig } from '../../config/ecosystem';
import { inheritedEnv } from './update-env';
import { startupFlags } from './interpreter';

/**
 * pm2's rules: `instance_var` (NODE_APP_INSTANCE) holds the instance number; `increment_var`
 * holds its base value (from the app's env, else the daemon's, else 0) plus the instance number.
 */
export function instanceVars(config: AppConfig, index: number): Record<string, string> {
  const vars: Record<string, string> = { [config.instance_var]: String(index) };
  if (config.increment_var) {
    const base = Number(config.env[config.increment_var] ?? process.env[config.increment_var] ?? 0);
    vars[config.increment_var] = String((Number.isFinite(base) ? base : 0) + index);
  }
  return vars;
}

/** pm2's format for `time: true`. */
const DEFAULT_DATE_FORMAT = 'YYYY-MM-DDTHH:mm:ss';

/**
 * SPEC 6.6: how long a starting process holds its listen() calls / accepted connections at most
 * when the daemon never says `release` (it died meanwhile). The daemon itself gives up waiting for
 * an update under way after 60 s (daemon/updates/catch-up.ts), and replays within 30 s per update.
 */
export const START_HOLD_MS = 120_000;

/** The daemon's environment without moult's own variables (MOULT_HOME stays: the app's code may reach its daemon). */
export function daemonEnv(): Record<string, string> {
  const env = { ...process.env } as Record<string, string>;
  for (const k of INTERNAL_ENV) delete env[k];
  return env;
}

/** The secret itself is not here: it reaches the app on fd SECRET_FD (protocol/secret-pipe.ts). */
export function instanceEnv(config: AppConfig, index: number, home: HomeLayout): Record<string, string> {
  return {
    ...inheritedEnv(config, daemonEnv()), ...config.env,
    ...instanceVars(config, index),
    [RUNTIME_ENV.app]: config.name,
    [RUNTIME_ENV.instance]: String(index),
    [RUNTIME_ENV.runDir]: home.runDir,
    ...(config.manager ? { [RUNTIME_ENV.manager]: config.manager } : {}),
    [RUNTIME_ENV.hookTimeout]: String(config.updates.hook_timeout),
    [RUNTIME_ENV.startup]: JSON.stringify({ settle_ms: config.updates.startup, added: startupFlags(config) }),
    [RUNTIME_ENV.secretFd]: String(SECRET_FD),
    [RUNTIME_ENV.hold]: String(START_HOLD_MS),
    [RUNTIME_ENV.cacheDir]: path.join(home.root, 'cache'),
    ...(config.updates.instrument !== undefined ? { [RUNTIME_ENV.instrument]: JSON.stringify(config.updates.instrument) } : {}),
    // log_date_format / time: the runtime prefixes each line the app writes to stdout and stderr.
    ...(config.log_date_format || config.time ? { [RUNTIME_ENV.logDateFormat]: config.log_date_format ?? DEFAULT_DATE_FORMAT } : {}),
  };
}
