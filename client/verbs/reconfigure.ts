// pm2's `restart app --node-args=… --watch …` (API._handleAttributeUpdate): the options given on
// the command line change the app's config for this restart and the ones after; `--watch` toggles. Each option is
// normalised the way a start of the app with it would be (client/pm2-options.ts names the field),
// then only the fields given replace the app's.
import { appFromScript, ConfigError, type AppConfig } from '../../config/ecosystem';
import { CliError } from '../errors';
import { cliMessage } from './start';

/** Fields pm2 drops from a restart's options (exec_mode, instances: `scale` changes those). */
const NOT_ON_RESTART = new Set(['exec_mode', 'instances']);

export function reconfigured(config: AppConfig, fields: Record<string, unknown>, args?: string[]): AppConfig {
  if (fields.name !== undefined && fields.name !== config.name) {
    throw new CliError(2, `--name: moult does not rename an app (its logs, updates and history are filed under its name): \`delete ${config.name}\`, then start it again with --name ${String(fields.name)}`);
  }
  const given = Object.keys(fields).filter((k) => k !== 'name' && !NOT_ON_RESTART.has(k));
  if (!given.length && args === undefined) return config;
  let changed: AppConfig;
  try {
    ({ app: changed } = appFromScript({
      script: config.script, interpreter: config.interpreter, instances: config.instances, exec_mode: config.exec_mode,
      ...Object.fromEntries(given.map((k) => [k, fields[k]])),
    }, { cwd: config.cwd }));
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(2, cliMessage(err), 'ECONFIG');
    throw err;
  }
  const out: Record<string, unknown> = { ...config };
  const take = (k: keyof AppConfig): void => {
    if (changed[k] === undefined) delete out[k];
    else out[k] = changed[k];
  };
  for (const k of given) take(k as keyof AppConfig);
  // pm2 toggles: `restart app --watch` of a watched app stops watching it (a stopped app is not
  // watched: the daemon dropped its watch at the stop, so the same command turns it on).
  if (given.includes('watch') && config.watch?.length) delete out.watch;
  if (given.some((k) => k === 'out_file' || k === 'error_file' || k === 'log_file')) take('per_instance_logs');
  if (args !== undefined) out.args = [...args];
  return out as unknown as AppConfig;
}
