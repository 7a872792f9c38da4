// `moult start <targets…> [pm2's options] [-- args…]`: what each target is, as pm2 decides
// (API.start, _startScript): `-` an ecosystem piped on stdin; an ecosystem file by its name; a word
// without a slash or an extension, or a number, that the daemon knows (an app, a process id): pm2's
// smart start; else a script: a file, a program on PATH (`npm`, `ls`) or a command line
// (`"node server.js"`). The apps each stands for are validated here, once.
import path from 'node:path';
import {
  appFromScript, isEcosystemFile, loadEcosystem, parseEcosystem, ConfigError, type AppConfig, type ConfigWarning, type DaemonLogConfig, type DaemonSettings, type LogsConfig,
} from '../../config/ecosystem';
import { parseEcosystemText, EcosystemFileError } from '../../config/ecosystem-file';
import type { StartExisting } from '../../protocol/control';
import { MAX_APP_NAME_LENGTH, preview } from '../../protocol/limits';
import { CliError } from '../errors';
import { optionOf } from './pm2-options';
import type { SettingsOutcome } from '../../protocol/control';

export interface StartOptions {
  /** App fields from the command line (pm2's names: client/pm2-options.ts). */
  fields: Record<string, unknown>;
  env?: string;
  /** pm2's `--only a,b`: of an ecosystem file, only these apps. */
  only?: string;
  /** Arguments after `--`: they reach the script. */
  args: string[];
  /** pm2's -f: start one more process of a script that runs already. */
  force?: boolean;
  /** What `-` read from stdin. */
  stdin?: string;
  /** `--update-daemon`: the file's daemon settings replace those the home has (daemon/daemon-settings.ts). */
  updateDaemon?: boolean;
}

export type StartPlan =
  /**
   * `logs`, `log`: an ecosystem's daemon.logs (rotation) and daemon.log (transports), sent with the
   * apps. `daemon`: its security settings, when it sets them (or --update-daemon: then also none),
   * offered to the daemon. `existing`: what the daemon does with apps it knows (StartExisting).
   */
  | { kind: 'apps'; apps: AppConfig[]; warnings: ConfigWarning[]; file?: string; logs?: LogsConfig; log?: DaemonLogConfig | null; daemon?: DaemonSettings; updateDaemon?: boolean; existing: StartExisting }
  /** A name, id or /regex/ the daemon may know; `fallback`: the script it is if the daemon knows no such app. */
  | { kind: 'known'; target: string; fallback: StartPlan | null };

/** pm2 reads the target as an app's name (or id) when it has neither a slash nor an extension. */
export function mayNameAnApp(target: string): boolean {
  return /^\d+$/.test(target) || (/^\/.+\/$/.test(target)) || (!target.includes('/') && path.extname(target) === '' && !/\s/.test(target));
}

/** Ecosystem files: CLI options pm2 applies to their apps (when the file does not set them). */
const FILE_FIELDS = new Set(['watch', 'ignore_watch']);

export function planStart(target: string, o: StartOptions, cwd = process.cwd()): StartPlan {
  try {
    if (target === '-' || isEcosystemFile(target)) return planFile(target, o, cwd);
    if (o.updateDaemon) throw new CliError(2, `--update-daemon: applies the daemon section of an ecosystem file; ${target} is not one`);
    if (o.only !== undefined) throw new CliError(2, `--only: picks apps of an ecosystem file; ${target} is not one`);
    const script = planScript(target, o, cwd);
    if (!mayNameAnApp(target)) return script();
    // A name (or id) first, as pm2: the daemon says whether it knows it; else it is a script.
    let fallback: StartPlan | null = null;
    try {
      fallback = script();
    } catch (err) {
      if (!(err instanceof CliError) && !(err instanceof ConfigError)) throw err;
    }
    return { kind: 'known', target, fallback };
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(2, cliMessage(err), 'ECONFIG');
    if (err instanceof EcosystemFileError) throw new CliError(2, `stdin: ${err.message}`, 'ECONFIG');
    throw err;
  }
}

function planFile(target: string, o: StartOptions, cwd: string): StartPlan {
  if (o.args.length) throw new CliError(2, `arguments after --: they go to a script; for the apps of ${target}, set "args" in the file`);
  const eco = target === '-'
    ? parseEcosystem(parseEcosystemText(o.stdin ?? ''), path.join(cwd, 'stdin'), { env: o.env })
    : loadEcosystem(path.resolve(cwd, target), { env: o.env });
  eco.apps.forEach((app, i) => {
    if (app.name.length > MAX_APP_NAME_LENGTH) throw new CliError(2, `${eco.file}: apps[${i}].name: too long (${app.name.length} characters, limit ${MAX_APP_NAME_LENGTH}): ${preview(app.name)}`);
  });
  const warnings = [...eco.warnings];
  for (const f of Object.keys(o.fields).filter((k) => !FILE_FIELDS.has(k))) {
    warnings.push({ path: optionOf(f) ?? f, message: `applies to a script started from the command line; for the apps of ${target === '-' ? 'stdin' : target}, set ${f} in the file` });
  }
  let apps = onlyThese(eco.apps, o.only, eco.file);
  // pm2 applies --watch and --ignore-watch to the file's apps that do not set them.
  if (o.fields.watch !== undefined || o.fields.ignore_watch !== undefined) {
    apps = apps.map((a) => (a.watch !== undefined ? a : withFields(a, o.fields)));
  }
  // The file's security settings (trusted_keys, fleet), offered to the daemon (daemon/state/daemon-settings.ts).
  const daemon = eco.daemonSettingsGiven || o.updateDaemon ? { daemon: { trusted_keys: eco.daemon.trusted_keys, ...(eco.daemon.fleet ? { fleet: eco.daemon.fleet } : {}) } } : {};
  return {
    kind: 'apps', apps, warnings, file: target === '-' ? undefined : eco.file, logs: eco.daemon.logs, log: eco.daemon.log ?? null,
    ...daemon, ...(o.updateDaemon ? { updateDaemon: true } : {}), existing: 'restart',
  };
}

/** The app a script target stands for (built lazily: a name the daemon knows needs none). */
function planScript(target: string, o: StartOptions, cwd: string): () => StartPlan {
  return () => {
    const name = o.fields.name;
    if (typeof name === 'string' && name.length > MAX_APP_NAME_LENGTH) throw new CliError(2, `--name: too long (${name.length} characters, limit ${MAX_APP_NAME_LENGTH}): ${preview(name)}`);
    const raw: Record<string, unknown> & { script: string } = { ...o.fields, script: target };
    if (o.args.length) raw.args = [...o.args];
    const { app, warnings } = appFromScript(raw, { cwd });
    const all = o.env !== undefined ? [...warnings, { path: '--env', message: `applies to the env_<profile> of an ecosystem file; ${target} is a script` }] : warnings;
    return { kind: 'apps', apps: [app], warnings: all, existing: o.force ? 'add' : 'script' };
  };
}

/** An app of a file with fields of the command line over it (normalised like the file's own). */
function withFields(app: AppConfig, fields: Record<string, unknown>): AppConfig {
  const { app: changed } = appFromScript({ script: app.script, interpreter: app.interpreter, ...pick(fields, FILE_FIELDS) }, { cwd: app.cwd });
  return { ...app, ...(changed.watch ? { watch: changed.watch } : {}), ignore_watch: changed.ignore_watch.length ? changed.ignore_watch : app.ignore_watch };
}

const pick = (o: Record<string, unknown>, keys: Set<string>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => keys.has(k)));

/** A config error of a command-line app names the option, not `apps[0].…` of a file that does not exist. */
export function cliMessage(err: ConfigError): string {
  if (!err.file.endsWith(`${path.sep}command line`)) return err.message;
  return err.problems.map((p) => {
    const field = /^apps\[0\]\.([A-Za-z_]+)/.exec(p.path)?.[1];
    const what = field === undefined ? 'start' : field === 'script' ? '<script>' : optionOf(field) ?? field;
    return `${what}: ${p.message}`;
  }).join('\n');
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
