// The environment of the shell, as pm2 gives it to apps: an app started (or restarted with
// --update-env) runs with the environment of the shell that asked, not with the daemon's (which
// is that of whichever shell started the daemon first). Only what differs from the daemon's own
// environment is kept in the app's config (`env`), plus the names the shell did not have
// (`env_removed`: left out of what the app inherits from the daemon), so state.json and dump.json
// stay small and a variable of the first shell does not leak into every later app.
import type { AppConfig } from '../../config/ecosystem';

type Env = Record<string, string>;

function diff(cliEnv: Env, daemonEnv: NodeJS.ProcessEnv): { changed: Env; missing: string[] } {
  const changed: Env = {};
  for (const [k, v] of Object.entries(cliEnv)) if (daemonEnv[k] !== v) changed[k] = v;
  const missing = Object.keys(daemonEnv).filter((k) => !(k in cliEnv));
  return { changed, missing };
}

/** `restart --update-env`: the shell's environment over the app's env. */
export function withCliEnv(config: AppConfig, cliEnv: Env, daemonEnv: NodeJS.ProcessEnv = process.env): AppConfig {
  const { changed, missing } = diff(cliEnv, daemonEnv);
  const env = { ...config.env, ...changed };
  return removing({ ...config, env }, missing);
}

/** `start`: the shell's environment below the app's own env (the ecosystem's env wins). */
export function belowCliEnv(config: AppConfig, cliEnv: Env, daemonEnv: NodeJS.ProcessEnv = process.env): AppConfig {
  const { changed, missing } = diff(cliEnv, daemonEnv);
  return removing({ ...config, env: { ...changed, ...config.env } }, missing);
}

function removing(config: AppConfig, missing: string[]): AppConfig {
  const removed = missing.filter((k) => !(k in config.env));
  const out: AppConfig = { ...config };
  if (removed.length) out.env_removed = removed;
  else delete out.env_removed;
  return out;
}

/** What an instance inherits from the daemon: its environment less the names the app's shell lacked. */
export function inheritedEnv(config: Pick<AppConfig, 'env_removed'>, daemonEnv: NodeJS.ProcessEnv = process.env): Env {
  const out = { ...daemonEnv } as Env;
  for (const k of config.env_removed ?? []) delete out[k];
  return out;
}
