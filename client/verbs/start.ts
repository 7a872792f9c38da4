// `moult start <ecosystem | script | app name | id> [--name N] [-i N|max] [--env E] [-- args…]`:
// what the target is (as pm2 decides: an ecosystem file by its name, else a script file that
// exists, else an app the daemon knows), and the apps it stands for, validated here, once.
import fs from 'node:fs';
import path from 'node:path';
import {
  appFromScript, appNameProblem, isEcosystemFile, loadEcosystem, resolveInstances, ConfigError, type AppConfig, type ConfigWarning, type DaemonLogConfig, type DaemonSettings, type LogsConfig,
} from '../../config/ecosystem';
import { MAX_APP_NAME_LENGTH, preview } from '../../protocol/limits';
import { CliError } from '../errors';
import type { SettingsOutcome } from '../../protocol/control';

export interface StartOptions {
  name?: string;
  instances?: string;
  env?: string;
  /** pm2's `--only a,b`: of an ecosystem file, only these apps. */
  only?: string;
  /** Arguments after `--`: they reach the script. */
  args: string[];
  /** `--update-daemon`: the file's daemon settings replace those the home has (daemon/daemon-settings.ts). */
  updateDaemon?: boolean;
}

export type StartPlan =
  /**
   * `logs`, `log`: an ecosystem's daemon.logs (rotation) and daemon.log (transports), sent with the
   * apps. `daemon`: its security settings, when it sets them (or --update-daemon: then also none),
   * offered to the daemon.
   */
  | { kind: 'apps'; apps: AppConfig[]; warnings: ConfigWarning[]; file?: string; logs?: LogsConfig; log?: DaemonLogConfig | null; daemon?: DaemonSettings; updateDaemon?: boolean }
  | { kind: 'known'; target: string };

/** `-i N|max` (SPEC 2): a positive integer, or "max" (one instance per CPU). */
export function instancesOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v === 'max') return resolveInstances('max');
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliError(2, `-i: expected a positive integer or "max", not ${preview(v, 24)}`);
  return Number(v);
}

const isFile = (f: string): boolean => { try { return fs.statSync(f).isFile(); } catch { return false; } };

export function planStart(target: string, o: StartOptions, cwd = process.cwd()): StartPlan {
  const instances = instancesOption(o.instances);
  try {
    if (isEcosystemFile(target)) {
      if (o.args.length) throw new CliError(2, `arguments after --: they go to a script; for the apps of ${target}, set "args" in the file`);
      const eco = loadEcosystem(path.resolve(cwd, target), { env: o.env });
      eco.apps.forEach((app, i) => {
        if (app.name.length > MAX_APP_NAME_LENGTH) throw new CliError(2, `${eco.file}: apps[${i}].name: too long (${app.name.length} characters, limit ${MAX_APP_NAME_LENGTH}): ${preview(app.name)}`);
      });
      const daemon = eco.daemonSettingsGiven || o.updateDaemon ? { daemon: { trusted_keys: eco.daemon.trusted_keys, ...(eco.daemon.fleet ? { fleet: eco.daemon.fleet } : {}) } } : {};
      return { kind: 'apps', apps: onlyThese(eco.apps, o.only, eco.file), warnings: eco.warnings, file: eco.file, logs: eco.daemon.logs, log: eco.daemon.log ?? null, ...daemon, ...(o.updateDaemon ? { updateDaemon: true } : {}) };
    }
    if (o.updateDaemon) throw new CliError(2, `--update-daemon: applies the daemon section of an ecosystem file; ${target} is not one`);
    if (o.only !== undefined) throw new CliError(2, `--only: picks apps of an ecosystem file; ${target} is not one`);
    // Neither a file nor a path: a name or an id the daemon may know (a stopped app to start again).
    if (!isFile(path.resolve(cwd, target)) && !/[/\\]/.test(target) && appNameProblem(target) === null) {
      if (o.env !== undefined || o.args.length || o.name !== undefined || instances !== undefined) {
        throw new CliError(2, `start ${target}: no such script file; an app started again by name or id keeps its config (no --name, -i, --env or arguments after --)`);
      }
      return { kind: 'known', target };
    }
    if (o.name !== undefined && o.name.length > MAX_APP_NAME_LENGTH) throw new CliError(2, `--name: too long (${o.name.length} characters, limit ${MAX_APP_NAME_LENGTH}): ${preview(o.name)}`);
    const app = appFromScript(target, { name: o.name, instances, cwd });
    app.args = [...o.args];
    const warnings = o.env !== undefined ? [{ path: '--env', message: `applies to the env_<profile> of an ecosystem file; ${target} is a script` }] : [];
    return { kind: 'apps', apps: [app], warnings };
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(2, err.message, 'ECONFIG');
    throw err;
  }
}

function onlyThese(apps: AppConfig[], only: string | undefined, file: string): AppConfig[] {
  if (only === undefined) return apps;
  const wanted = only.split(/[,\s]+/).filter(Boolean);
  const missing = wanted.filter((n) => !apps.some((a) => a.name === n));
  if (!wanted.length || missing.length) throw new CliError(2, `--only: ${missing.length ? `no app ${missing.map((n) => preview(n, 40)).join(', ')} in ${file}` : 'expected app names'} (it has ${apps.map((a) => a.name).join(', ')})`);
  return apps.filter((a) => wanted.includes(a.name));
}

/** What the daemon did with a start's daemon settings, for the user (stderr), or null. */
export function settingsLines(outcome: SettingsOutcome | undefined, file: string | undefined): string[] {
  if (!outcome || (outcome.kind !== 'kept' && outcome.kind !== 'updated')) return [];
  const what = outcome.differences.map((d) => `  ${d}`);
  if (outcome.kind === 'updated') return [`daemon settings updated from ${file} (kept in ${outcome.file}):`, ...what];
  return [
    `warning: the daemon keeps the settings recorded in ${outcome.file}; ${file}'s daemon section differs, and was not applied:`,
    ...what,
    `to apply it: moult start ${file} --update-daemon`,
  ];
}

/** The warnings of a start, one line each (pm2-only fields that moult accepts and ignores). */
export function warningLines(plan: StartPlan): string[] {
  if (plan.kind !== 'apps') return [];
  return plan.warnings.map((w) => `warning: ${plan.file ? `${plan.file}: ` : ''}${w.path}: ${w.message}`);
}
