// The verbs that start and stop apps, with pm2's command lines (SPEC 2, issue 21): `start`
// (several targets, `-`, scripts, programs on PATH, command lines, names, ids), `stop`, `restart`,
// `delete`, `reload` (each with several targets: names, ids, `all`, `/regex/`, a script file, an
// ecosystem file or `-`), `reset`, `sendSignal`, `startOrRestart` / `startOrReload`.
import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { isEcosystemFile } from '../../config/ecosystem';
import type { AppDetails, ReloadOutcome, StartExisting, StartResult, TargetFields } from '../../protocol/control';
import { SIGNALS } from '../../protocol/control';
import { escapeControl, MAX_NAME_LENGTH, MAX_PATH_LENGTH, boundedTextProblem } from '../../protocol/limits';
import { listAfterStart, NO_DAEMON, print, withDaemon } from '../cli-support';
import { describeReload } from './cluster';
import type { DaemonClient } from '../daemon-client';
import { CliError } from '../errors';
import { lsTable } from '../format';
import { ownEnvironment } from '../own-env';
import { appFields, withPm2Options } from './pm2-options';
import { reconfigured } from './reconfigure';
import { planStart, settingsLines, warningLines, type StartPlan } from './start';

/** `-` as the CLI hands it over (cli.ts: yargs drops a bare `-`). */
const fromCli = (t: string): string => (t === '\0stdin' ? '-' : t);

type Args = { json: boolean; targets?: string[]; '--'?: unknown[]; env?: string; only?: string; force?: boolean; silent?: boolean; 'update-env'?: boolean; [k: string]: unknown };
type Warn = (line: string) => void;

const warner = (bin: string): Warn => (line) => { process.stderr.write(`${bin}: ${escapeControl(line)}\n`); };
const dashArgs = (a: Args): string[] | undefined => (a['--'] !== undefined && a['--'].length ? a['--'].map(String) : undefined);

/** pm2 reads `-` as an ecosystem on stdin. */
function readStdin(): string {
  try {
    return fs.readFileSync(0, 'utf8');
  } catch (e) {
    throw new CliError(2, `-: cannot read an ecosystem from stdin: ${(e as Error).message}`);
  }
}

/** A target as the daemon takes it: a script file also by its absolute path (pm2 matches both). */
export function targetOf(t: string, cwd = process.cwd()): TargetFields {
  const problem = boundedTextProblem(t, MAX_NAME_LENGTH);
  if (problem) throw new CliError(2, `<target>: ${problem}`);
  const regex = t.length > 2 && t.startsWith('/') && t.endsWith('/');
  if (regex || t === 'all' || /^\d+$/.test(t) || (!t.includes('/') && path.extname(t) === '')) return { target: t };
  const abs = path.resolve(cwd, t);
  if (abs.length > MAX_PATH_LENGTH) throw new CliError(2, `<target>: path too long`);
  return { target: t, path: abs };
}

async function startOne(c: DaemonClient, plan: StartPlan, o: { env: Record<string, string>; fields: Record<string, unknown>; args?: string[]; existing?: StartExisting }, warn: Warn): Promise<string[]> {
  if (plan.kind === 'known') {
    try {
      // pm2's smart start: with options, a restart with the config they make.
      const configs = Object.keys(o.fields).length || o.args ? await newConfigs(c, { target: plan.target }, o.fields, o.args) : undefined;
      if (configs) return (await c.request<{ restarted: string[] }>({ verb: 'restart', target: plan.target, configs })).restarted;
      return (await c.request<{ started: string[] }>({ verb: 'start-app', target: plan.target })).started;
    } catch (err) {
      if (!(err instanceof CliError && err.code === 'ENOAPP')) throw err;
      if (!plan.fallback) throw new CliError(2, `start: no such file ${path.resolve(plan.target)}, no program ${plan.target} on PATH, and no app is named or numbered ${plan.target}`, 'ENOAPP');
      return startOne(c, plan.fallback, o, warn);
    }
  }
  for (const w of warningLines(plan)) warn(w);
  if (plan.existing === 'script') {
    // pm2: a script that is known and stopped is started again with its config (and the options given).
    const known = await stoppedApp(c, plan.apps[0]!.name, plan.apps[0]!.script);
    if (known) return (await c.request<{ restarted: string[] }>({ verb: 'restart', target: known.name, configs: [reconfigured(known.config, o.fields, o.args)] })).restarted;
  }
  const r = await c.request<StartResult>({
    verb: 'start', apps: plan.apps, env: o.env, existing: o.existing ?? plan.existing, ...(plan.logs ? { logs: plan.logs, log: plan.log ?? null } : {}),
    ...(plan.daemon ? { daemon: plan.daemon, ...(plan.file ? { daemon_file: plan.file } : {}), ...(plan.updateDaemon ? { update_daemon: true } : {}) } : {}),
  });
  for (const line of settingsLines(r.daemon_settings, plan.file)) warn(line);
  return r.started;
}

/** The app of that name and script if the daemon knows it and none of its processes runs. */
async function stoppedApp(c: DaemonClient, name: string, script: string): Promise<AppDetails | null> {
  const d = await c.request<AppDetails[]>({ verb: 'describe', target: name }).catch((err: unknown) => {
    if (err instanceof CliError && err.code === 'ENOAPP') return [];
    throw err;
  });
  const app = d[0];
  return app && app.config.script === script && app.instances.every((i) => i.status !== 'online' && i.status !== 'launching') ? app : null;
}

/** The configs of the apps a target names, with the command line's options over them. */
async function newConfigs(c: DaemonClient, t: TargetFields, fields: Record<string, unknown>, args?: string[]) {
  const details = await c.request<AppDetails[]>({ verb: 'describe', ...t });
  return details.map((d) => reconfigured(d.config, fields, args));
}

function startVerb(bin: string): CommandModule<{ json: boolean }, Args> {
  return {
    command: 'start [targets..]',
    describe: 'start ecosystem files, scripts, programs on PATH or command lines ("node app.js"), or known apps by name or id (started, or restarted if they run); `-` reads an ecosystem from stdin',
    builder: (y) => withPm2Options(y.positional('targets', { type: 'string', array: true, describe: 'default: ecosystem.config.js' })) as never,
    handler: async (a) => {
      // pm2: no target is ./ecosystem.config.js.
      if (!a.targets?.length && !fs.existsSync('ecosystem.config.js')) {
        throw new CliError(2, `start: missing <target> (usage: ${bin} start <ecosystem|script|app|id>…; with none, ./ecosystem.config.js, as pm2, and there is none here)`);
      }
      const targets = a.targets?.length ? a.targets.map((t) => fromCli(String(t))) : ['ecosystem.config.js'];
      const { fields, warnings } = appFields(a);
      const warn = warner(bin);
      for (const w of warnings) warn(`warning: ${w}`);
      const args = dashArgs(a) ?? [];
      const stdin = targets.includes('-') ? readStdin() : undefined;
      const plans = targets.map((t) => planStart(t, { fields, env: a.env, only: a.only, args, force: a.force, stdin, updateDaemon: a['update-daemon'] === true }));
      const env = ownEnvironment();
      const list = await withDaemon(async (c) => {
        const started = new Set<string>();
        for (const plan of plans) for (const n of await startOne(c, plan, { env, fields, args: dashArgs(a) }, warn)) started.add(n);
        return listAfterStart(c, started);
      });
      if (!a.silent) print(a.json ? JSON.stringify(list) : lsTable(list));
    },
  };
}

/** pm2's startOrRestart / startOrReload <file>: start the file's apps, restart (reload) those that run. */
function startOrVerb(command: string, existing: 'restart' | 'reload', aliases: string[] = []): CommandModule<{ json: boolean }, Args & { file: string }> {
  return {
    command: `${command} <file>`,
    aliases,
    describe: `start the apps of an ecosystem file, ${existing} the ones that run (pm2's ${command})`,
    builder: (y) => withPm2Options(y.positional('file', { type: 'string', demandOption: true })) as never,
    handler: async (a) => {
      a.file = fromCli(a.file);
      if (a.file !== '-' && !isEcosystemFile(a.file)) throw new CliError(2, `${command}: ${a.file} is not an ecosystem file (.json, .yaml, .yml, *.config.js)`);
      const { fields } = appFields(a);
      const stdin = a.file === '-' ? readStdin() : undefined;
      const plan = planStart(a.file, { fields, env: a.env, only: a.only, args: [], stdin });
      const env = ownEnvironment();
      const list = await withDaemon(async (c) => listAfterStart(c, new Set(await startOne(c, plan, { env, fields: {}, existing }, warner('moult')))));
      if (!a.silent) print(a.json ? JSON.stringify(list) : lsTable(list));
    },
  };
}

type Action = 'stop' | 'restart' | 'delete' | 'reload';
const PAST: Record<Action, string> = { stop: 'stopped', restart: 'restarted', delete: 'deleted', reload: 'reloaded' };

/** stop / restart / delete / reload of an ecosystem file's apps (or `-`): pm2 re-reads the file for restart and reload. */
async function onFile(c: DaemonClient, verb: Action, file: string, a: Args, warn: Warn): Promise<string[]> {
  const plan = planStart(file, { fields: appFields(a).fields, env: a.env, only: a.only, args: [], stdin: file === '-' ? readStdin() : undefined });
  if (plan.kind !== 'apps') throw new CliError(2, `${file}: not an ecosystem file`);
  if (verb === 'restart' || verb === 'reload') {
    // pm2: the file's config in force, apps not running yet started, the others restarted (reloaded).
    const cliEnv = a['update-env'] ? ownEnvironment() : undefined;
    return startOne(c, plan, { env: cliEnv ?? {}, fields: {}, existing: verb }, warn);
  }
  for (const w of warningLines(plan)) warn(w);
  const known = new Set((await c.request<{ name: string }[]>({ verb: 'ls' })).map((i) => i.name));
  const acted = plan.apps.map((x) => x.name).filter((n) => known.has(n));
  if (!acted.length) throw new CliError(2, `${file}: none of its apps (${plan.apps.map((x) => x.name).join(', ')}) is known to the daemon`, 'ENOAPP');
  for (const n of acted) await c.request({ verb, target: n });
  return acted;
}

function lifecycleVerb(verb: Action, describe: string, bin: string, aliases: string[] = []): CommandModule<{ json: boolean }, Args> {
  return {
    command: `${verb} <targets..>`,
    aliases,
    describe,
    builder: (y) => withPm2Options(y.positional('targets', { type: 'string', array: true, demandOption: true, describe: 'app names, process ids, "all", /regex/, script files, an ecosystem file, or - (stdin)' })) as never,
    handler: async (a) => {
      const warn = warner(bin);
      const targets = (a.targets ?? []).map((t) => fromCli(String(t)));
      const { fields, warnings } = appFields(a);
      for (const w of warnings) warn(`warning: ${w}`);
      const args = dashArgs(a);
      if (a.env !== undefined && !targets.every((t) => t === '-' || isEcosystemFile(t))) {
        throw new CliError(2, `--env: applies to the apps of an ecosystem file, not to ${targets.join(' ')} (use --update-env for this shell's environment)`);
      }
      const changes = verb === 'restart' || verb === 'reload';
      const env = changes && a['update-env'] ? ownEnvironment() : undefined;
      if (!changes && (Object.keys(fields).length || args)) warn(`warning: ${verb}: options other than --only apply to start, restart and reload; ignored`);
      const out: string[] = [];
      const outcomes: ReloadOutcome[] = [];
      await withDaemon(async (c) => {
        for (const t of targets) {
          if (t === '-' || isEcosystemFile(t)) {
            out.push(...await onFile(c, verb, t, a, warn));
            continue;
          }
          const target = targetOf(t);
          const configs = changes && (Object.keys(fields).length || args) ? await newConfigs(c, target, fields, args) : undefined;
          const body = { ...target, ...(env ? { env } : {}), ...(configs ? { configs } : {}) };
          if (verb === 'reload') {
            const r = await c.request<ReloadOutcome[]>({ verb, ...body });
            outcomes.push(...r);
            out.push(...r.map((o) => o.app));
          } else {
            const r = await c.request<Record<string, string[]>>({ verb, ...body });
            out.push(...Object.values(r)[0]!);
          }
        }
        // As start: the command returns once the processes it started are up (or after a while).
        if (changes) await listAfterStart(c, new Set(out));
      }).catch((err: unknown) => {
        // `moult stop all` with no daemon: there is nothing to stop (pm2: "No process found", exit 1).
        if (err instanceof CliError && err.message === NO_DAEMON) throw new CliError(1, `${verb}: no daemon is running, so no app is known`, 'ENOPROCESS');
        throw err;
      });
      if (a.silent) return;
      if (a.json) return print(JSON.stringify(verb === 'reload' ? outcomes : { [PAST[verb]]: out }));
      print(verb === 'reload' && outcomes.length ? outcomes.map(describeReload).join('\n') : `${verb}: ${escapeControl([...new Set(out)].join(', '))}`);
    },
  };
}

const resetVerb: CommandModule<{ json: boolean }, { json: boolean; targets: string[] }> = {
  command: 'reset <targets..>',
  describe: 'set the restart counters of apps (or processes) back to 0 (pm2\'s reset)',
  builder: (y) => y.positional('targets', { type: 'string', array: true, demandOption: true }) as never,
  handler: async (a) => {
    const done: string[] = [];
    await withDaemon(async (c) => {
      for (const t of a.targets.map(String)) done.push(...(await c.request<{ reset: string[] }>({ verb: 'reset', ...targetOf(t) })).reset);
    });
    print(a.json ? JSON.stringify({ reset: done }) : `reset: ${escapeControl([...new Set(done)].join(', '))}`);
  },
};

const signalVerb: CommandModule<{ json: boolean }, { json: boolean; signal: string; targets: string[] }> = {
  command: 'sendSignal <signal> <targets..>',
  aliases: ['signal'],
  describe: 'send a signal (SIGUSR2, USR2 or its number) to every running process of an app, or to one process by id',
  builder: (y) => y.positional('signal', { type: 'string', demandOption: true }).positional('targets', { type: 'string', array: true, demandOption: true }) as never,
  handler: async (a) => {
    const signal = signalName(a.signal);
    const sent: { app: string; instance: number; pid: number }[] = [];
    await withDaemon(async (c) => {
      // Each process once, however many of the targets name it (pm2 users pass ids pulled from prettylist).
      const ids = new Set<number>();
      for (const t of a.targets.map(String)) {
        for (const d of await c.request<AppDetails[]>({ verb: 'describe', ...targetOf(t) })) for (const i of d.instances) ids.add(i.id);
      }
      for (const id of ids) {
        const r = await c.request<{ sent: typeof sent }>({ verb: 'signal', signal, target: String(id) }).catch((err: unknown) => {
          if (err instanceof CliError && err.code === 'ENOTRUNNING') return { sent: [] };
          throw err;
        });
        sent.push(...r.sent);
      }
    });
    if (!sent.length) throw new CliError(1, `sendSignal: no running process of ${a.targets.join(' ')} to send ${signal} to`, 'ENOTRUNNING');
    print(a.json ? JSON.stringify({ sent }) : sent.map((s) => `${signal} sent to ${escapeControl(s.app)}[${s.instance}] (pid ${s.pid})`).join('\n'));
  },
};

function signalName(s: string): NodeJS.Signals {
  const upper = s.toUpperCase();
  const named = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as NodeJS.Signals;
  if (SIGNALS.includes(named)) return named;
  const byNumber = /^\d+$/.test(s) ? SIGNALS.find((n) => (require('node:os') as typeof import('node:os')).constants.signals[n] === Number(s)) : undefined;
  if (byNumber) return byNumber;
  throw new CliError(2, `<signal>: unknown signal ${escapeControl(s).slice(0, 24)} (e.g. SIGUSR2, USR2, 12)`);
}

export function lifecycleVerbs(bin: string): CommandModule<{ json: boolean }, never>[] {
  return [
    startVerb(bin),
    lifecycleVerb('stop', 'stop apps (SIGINT, then SIGKILL after kill_timeout): names, ids, all, /regex/, scripts, ecosystem files', bin),
    lifecycleVerb('restart', 'restart apps (with pm2\'s options: --update-env, --node-args…; an ecosystem file is read again)', bin),
    lifecycleVerb('delete', 'stop apps and forget them (an id: that one process)', bin, ['del']),
    lifecycleVerb('reload', 'zero-downtime restart with the code on disk: cluster workers replaced one at a time (a fork app is restarted)', bin),
    resetVerb,
    signalVerb,
    startOrVerb('startOrRestart', 'restart'),
    startOrVerb('startOrReload', 'reload', ['startOrGracefulReload']),
  ] as unknown as CommandModule<{ json: boolean }, never>[];
}
