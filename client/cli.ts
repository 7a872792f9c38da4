// The moult / moultd command line (SPEC 2). Every verb validates its input here, once, then talks
// to the daemon; exit codes: 0 success, 1 failed operation, 2 bad usage or bad input.
import fs from 'node:fs';
import path from 'node:path';
import type yargs from 'yargs';
import type { InstanceInfo, RollbackOutcome, UpdateResult } from '../protocol/control';
import {
  MAX_APP_NAME_LENGTH, MAX_NAME_LENGTH, MAX_PATH_LENGTH, MAX_TIMEOUT_MS, MAX_UPDATE_SOURCE_BYTES, MIN_TIMEOUT_MS,
  boundedTextProblem, escapeControl, formatBytes, preview, updateSourceProblem,
} from '../protocol/limits';
import { homeLayout } from '../protocol/home';
import { DaemonClient } from './daemon-client';
import { CliError } from './errors';
import { lsTable, prettyEvent } from './format';
import { showLogs } from './verbs/logs';
import { readHistory, formatHistory } from './verbs/history';
import { monit } from './verbs/monit';
import { systemdUnit } from './verbs/startup';
import { appNameOf, describeIfRunning } from './known-apps';
import { appArg, print, withDaemon } from './cli-support';
import { describeVerb, flushVerb, resurrectVerb, saveVerb } from './verbs/pm2';
import { scaleCommand } from './verbs/cluster';
import { lifecycleVerbs } from './verbs/lifecycle';
import { idVerb, jlistVerb, pidVerb, pingVerb, prettylistVerb, sortList } from './verbs/pm2-list';
import { initVerb } from './verbs/init';
import { unsupportedVerb } from './verbs/pm2-unsupported';
import { daemonUpdate, reloadLogsVerb } from './verbs/daemon';
import { fleetOptions, runFleet, type FleetArgs } from './fleet/cli';
import { keygen, signFile } from './fleet/keygen';
import { isRelease, patchRelease } from './verbs/release';
import { check, checkExitCode, formatCheck } from './verbs/check';

type Out = { json: boolean };

/** How `-` reaches the verbs (client/lifecycle-verbs.ts maps it back). */
export const STDIN_TARGET = '\0stdin';

/** A name or path option (--manager, --target, [update]): bounded, no control characters. */
export function boundedArg<T extends string | undefined>(value: T, what: string, max: number): T {
  if (value === undefined) return value;
  const problem = boundedTextProblem(value, max);
  if (problem) throw new CliError(2, `${what}: ${problem}`);
  return value;
}

async function ls(o: Out & { sort?: string }): Promise<void> {
  const list = sortList(await withDaemon((c) => c.request<InstanceInfo[]>({ verb: 'ls' })), o.sort);
  print(o.json ? JSON.stringify(list) : lsTable(list));
}

/** The instance confirmed it loaded the module (an older daemon does not say: then only updates prove it). */
const answered = (i: UpdateResult['instances'][number]): boolean => i.answered === true || i.updates.length > 0 || i.rejected !== undefined;

/**
 * SPEC 4: exit 0 only if every instance confirmed that every update the module produced
 * completed; an instance that did not answer in time, or whose updates are still going, is
 * pending (exit 1), never "the module produced no update".
 */
function exitCodeOf(r: UpdateResult): number {
  let code = 0;
  for (const inst of r.instances) {
    if (inst.rejected) code = Math.max(code, /^syntax error/.test(inst.rejected) ? 2 : 1);
    else if (!answered(inst)) code = Math.max(code, 1);
    for (const u of inst.updates) if (u.outcome !== 'completed') code = Math.max(code, 1);
  }
  return code;
}

function reportUpdate(r: UpdateResult, timeoutMs: number): number {
  const app = escapeControl(r.app);
  const pending: string[] = [];
  for (const inst of r.instances) {
    const who = `${app}[${inst.instance}]`;
    if (inst.rejected) {
      print(`${who} rejected: ${escapeControl(inst.rejected)}`);
      continue;
    }
    if (!answered(inst)) {
      pending.push(`pending on ${who}: no answer within ${timeoutMs / 1000}s (it may still load the update)`);
      continue;
    }
    if (!inst.updates.length) print(`${who} the module produced no update`);
    for (const u of inst.updates) print(`${who} ${escapeControl(u.name)}: ${u.outcome}${u.error ? ` (${escapeControl(u.error)})` : ''}`);
    const going = inst.updates.filter((u) => u.outcome === 'pending').map((u) => escapeControl(u.name));
    if (going.length) pending.push(`pending on ${who}: ${going.join(', ')} not over within ${timeoutMs / 1000}s (the update goes on in the app)`);
  }
  for (const p of pending) print(p);
  return exitCodeOf(r);
}

export async function main(argv: string[], bin: string): Promise<number> {
  let exitCode = 0;
  const dashes = argv.indexOf('--');
  if (dashes !== -1 && dashes < argv.length - 1 && !['start', 'restart', 'reload'].includes(argv[0]!)) {
    process.stderr.write(`${bin}: arguments after --: only \`start <script> -- args…\` (and restart, reload) pass them on (to the script)\n`);
    return 2;
  }
  // pm2 takes `log` for `logs`; its verbs moult lacks get a sentence, not "Unknown argument".
  if (argv[0] === 'log') argv = ['logs', ...argv.slice(1)];
  // `-` (an ecosystem on stdin) is no option, but yargs drops it: it travels under another name.
  argv = argv.map((x, i) => (x === '-' && (dashes === -1 || i < dashes) ? STDIN_TARGET : x));
  const missing = unsupportedVerb(argv[0]);
  if (missing) {
    process.stderr.write(`${bin}: ${missing}\n`);
    return 2;
  }
  // Required here: `update` and `patch` in their common forms never load yargs (quick-update.ts).
   
  const parser = (require('yargs') as typeof yargs)(argv)
    .scriptName(bin)
    .usage(`${bin} <verb> [options]\n\nA process supervisor whose Node.js apps can be updated while they run.`)
    .option('json', { type: 'boolean', default: false, describe: 'machine-readable output' })
    .command(lifecycleVerbs(bin))
    .command(scaleCommand({ withDaemon, print, appArg }))
    .command(['ls', 'list', 'status', 'l', 'ps'], 'list the apps\' processes', (y) => y
      .option('sort', { type: 'string', describe: 'name, id, pid, status, restarts, memory, cpu or uptime, with :asc or :desc (pm2\'s --sort)' }),
    (a) => ls({ json: a.json, sort: a.sort }))
    .command(jlistVerb)
    .command(prettylistVerb)
    .command(pidVerb)
    .command(idVerb)
    .command(pingVerb)
    .command(initVerb)
    .command(reloadLogsVerb)
    .command('logs [app]', 'app output and structured events, readable; follows them when run in a terminal, as pm2 (--nostream: print and exit)', (y) => y
      .positional('app', { type: 'string', describe: 'app name or process id' })
      .option('lines', { type: 'number', default: 20, describe: 'lines of history per file' })
      .option('follow', { alias: 'f', type: 'boolean', describe: 'keep following (default: when stdout is a terminal)' })
      .option('nostream', { type: 'boolean', default: false, describe: 'print the last lines and exit (pm2\'s --nostream)' })
      .option('out', { type: 'boolean', default: false, describe: 'only the apps\' standard output' })
      .option('err', { type: 'boolean', default: false, describe: 'only the apps\' standard error' })
      .option('raw', { type: 'boolean', default: false, describe: 'lines as they are: no labels, events as JSON' })
      .option('timestamp', { type: 'string', describe: 'prefix app lines with the time they are shown' })
      .option('format', { type: 'boolean', hidden: true })
      .option('highlight', { type: 'string', hidden: true }),
    async (a) => {
      if (!(a.lines >= 0)) throw new CliError(2, '--lines: expected a number >= 0');
      if (a.out && a.err) throw new CliError(2, '--out and --err: choose one (neither shows both streams and the events)');
      if (a.format || a.highlight !== undefined) process.stderr.write(`${bin}: warning: --format, --highlight: pm2 options that moult does not act on; ignored (--raw gives lines as they are)\n`);
      if (a.app !== undefined && !/^\d+$/.test(a.app)) appArg(a.app, '[app]');
      const details = await describeIfRunning(a.app ?? 'all');
      const app = a.app !== undefined ? details?.[0]?.name ?? a.app : undefined;
      const known = (details ?? []).flatMap((d) => d.instances.flatMap((i) => [
        { app: d.name, instance: i.instance, stream: 'out' as const, file: i.out_file },
        { app: d.name, instance: i.instance, stream: 'err' as const, file: i.error_file },
      ]));
      // pm2 streams unless --nostream; moult does when a person reads it (a terminal), so that scripts still end.
      const follow = !a.nostream && (a.follow ?? process.stdout.isTTY === true);
      await showLogs(homeLayout(), { app, lines: a.lines, follow, only: a.out ? 'out' : a.err ? 'err' : undefined, raw: a.raw, timestamp: a.timestamp !== undefined, known }, print);
    })
    .command(describeVerb)
    .command(flushVerb)
    .command(saveVerb)
    .command(resurrectVerb)
    .command(['update [app] [file]', 'updatePM2'], 'apply an update module to every instance of an app, while it runs; with no app: replace the daemon, its apps left running (pm2\'s update)', (y) => y
      .positional('app', { type: 'string' })
      .positional('file', { type: 'string', describe: 'update module (.js, .mjs, .ts)' })
      .option('manager', { type: 'string', describe: 'target manager (default: the app\'s)' })
      .option('wait', { type: 'boolean', default: true, describe: 'wait for the outcome (--no-wait to return at once)' })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait' })
      .option('sign', { type: 'string', describe: 'sign with this ed25519 key (writes <file>.sig)' }),
    async (a) => {
      if (a.app === undefined) return daemonUpdate(a.json);
      if (a.file === undefined) throw new CliError(2, `update: missing <file> (usage: ${bin} update <app> <file>; \`${bin} update\` alone replaces the daemon, as pm2's)`);
      const timeoutMs = checkedTimeout(a.timeout);
      if (a.sign) signFile(checkedFile(a.file), a.sign, 'update');
      exitCode = await sendUpdate(a, { verb: 'update', app: appArg(a.app), file: checkedFile(a.file), manager: boundedArg(a.manager, '--manager', MAX_NAME_LENGTH), wait: a.wait, timeoutMs });
    })
    .command('patch <app> [file]', 'replace loaded code in place in every instance: a module (<file>), the app\'s next release (<dir|tarball|git-ref>) or a dependency (--package), as one transaction', (y) => y
      .positional('app', { type: 'string', demandOption: true })
      .positional('file', { type: 'string', describe: 'the new source of one module, or a release: a folder, a .tgz or a git ref' })
      .option('package', { type: 'string', describe: 'a dependency\'s release, for every copy of it in the app\'s tree: name@version (from the registry) or a tarball' })
      .option('reload-if-needed', { type: 'boolean', default: false, describe: 'what cannot be applied hot is reloaded (cluster) or restarted (fork)' })
      .option('recompute', { type: 'string', describe: 'a release\'s recompute hooks: a module re-running what start-up computed with the code the release changes (routes, middlewares, caches)' })
      .option('target', { type: 'string', describe: 'the loaded module to replace, relative to the app\'s entry folder (default: the module with the file\'s name)' })
      .option('wait', { type: 'boolean', default: true })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait' })
      .option('sign', { type: 'string', describe: 'sign with this ed25519 key (writes <file>.sig)' }),
    async (a) => {
      const timeoutMs = checkedTimeout(a.timeout);
      if (a.package !== undefined || (a.file !== undefined && isRelease(a.file))) {
        if (a.package !== undefined && a.file !== undefined) throw new CliError(2, 'patch: give either a file or --package, not both');
        if (a.target !== undefined) throw new CliError(2, 'patch: --target names one module; a release names its files itself');
        const recompute = a.recompute === undefined ? undefined : checkedFile(boundedArg(a.recompute, '--recompute', MAX_PATH_LENGTH)!);
        exitCode = await patchRelease({ app: appArg(a.app), ...(a.package !== undefined ? { pkg: boundedArg(a.package, '--package', MAX_PATH_LENGTH) } : { tree: a.file }), json: a.json, wait: a.wait, timeoutMs, reloadIfNeeded: a['reload-if-needed'] === true, ...(recompute ? { recompute } : {}) },
          (e) => prettyEvent(e as unknown as Record<string, unknown>), exitCodeOf, reportUpdate);
        return;
      }
      if (a.file === undefined) throw new CliError(2, 'patch: give a file, a release (folder, tarball, git ref) or --package name@version');
      if (a.recompute !== undefined) throw new CliError(2, 'patch: --recompute goes with a release (a folder, a tarball, a git ref or --package)');
      if (a.sign) signFile(checkedFile(a.file), a.sign, 'patch');
      const target = boundedArg(a.target, '--target', MAX_PATH_LENGTH);
      exitCode = await sendUpdate(a, { verb: 'patch', app: appArg(a.app), file: checkedFile(a.file), ...(target ? { target } : {}), wait: a.wait, timeoutMs });
    })
    .command('rollback <app> [update]', 'undo the last (or named) completed update on every instance', (y) => y
      .positional('app', { type: 'string', demandOption: true })
      .positional('update', { type: 'string', describe: 'the update to undo (it must be the last one applied)' }),
    async (a) => {
      const app = appArg(a.app);
      const update = boundedArg(a.update, '[update]', MAX_NAME_LENGTH);
      const r = await withDaemon((c) => c.request<RollbackOutcome[]>({ verb: 'rollback', app, ...(update ? { update } : {}) }));
      if (a.json) print(JSON.stringify(r));
      else for (const o of r) print(`${app}[${o.instance}] ${o.ok ? `${escapeControl(String(o.update))}: rolled back (${o.mode})` : `not rolled back: ${escapeControl(String(o.error))}`}`);
      exitCode = r.every((o) => o.ok) ? 0 : 1;
    })
    .command('monit', 'live view of cpu, memory, restarts and update state (Ctrl-C to leave)', (y) => y
      .option('interval', { type: 'number', default: 1000, describe: 'milliseconds between frames' })
      .option('once', { type: 'boolean', default: false, describe: 'draw one frame and exit' }),
    async (a) => {
      if (!(a.interval >= 100)) throw new CliError(2, '--interval: expected at least 100 ms');
      await withDaemon((c) => monit(c, homeLayout(), { intervalMs: a.interval, once: a.once }, print));
    })
    .command('history <app>', 'the update timeline of each instance of an app', (y) => y
      .positional('app', { type: 'string', demandOption: true, describe: 'app name or id' }),
    async (a) => {
      const app = await appNameOf(boundedArg(a.app, '<app>', MAX_APP_NAME_LENGTH));
      const entries = readHistory(homeLayout(), app);
      print(a.json ? JSON.stringify(entries) : formatHistory(app, entries));
    })
    .command('check [target]', 'which files the load-time rewrite leaves as written, and why (before a deploy)', (y) => y
      .positional('target', { type: 'string', describe: 'a folder (default: the current one), a file, or an app the daemon knows (its cwd and updates.instrument)' }),
    async (a) => {
      const target = a.target === undefined ? undefined : boundedArg(a.target, '[target]', MAX_PATH_LENGTH);
      const r = await check(target);
      print(a.json ? JSON.stringify(r) : formatCheck(r));
      exitCode = checkExitCode(r);
    })
    .command('fleet <action> [args..]', 'rolling updates across every daemon of a fleet, through etcd: ls, update, patch, rollback, status, history, diff, pause, resume, promote, abort', fleetOptions,
      async (a) => { exitCode = await runFleet(a as unknown as FleetArgs); })
    .command('keygen', 'make an ed25519 key pair for signed updates (daemon.trusted_keys takes the .pub line)', (y) => y
      .option('out', { type: 'string', default: '.', describe: 'folder for the two files' })
      .option('name', { type: 'string', default: 'moult-ed25519' }),
    (a) => {
      const k = keygen(a.out, a.name);
      print(a.json ? JSON.stringify(k) : `private key: ${k.privateFile} (keep it secret; \`--sign ${k.privateFile}\`)\npublic key:  ${k.publicFile}\nfor daemon.trusted_keys: ${k.publicRaw}`);
    })
    .command('kill', 'stop every app and the daemon', (y) => y, async () => {
      const client = await DaemonClient.open({ autostart: false });
      if (!client) return print('no daemon is running');
      try {
        await client.request({ verb: 'kill' });
      } catch { /* the daemon exits as it answers */ }
      client.close();
      print('daemon stopped');
    })
    .command('run <ecosystem>', 'run the daemon in the foreground (for systemd)', (y) => y
      .positional('ecosystem', { type: 'string', demandOption: true }),
    () => { throw new CliError(1, 'run is handled by the moult binary'); })
    .command('startup <init>', 'print (or --write) a systemd unit that runs `moultd run <ecosystem>`', (y) => y
      .positional('init', { type: 'string', choices: ['systemd'], demandOption: true })
      .option('user', { type: 'boolean', default: false })
      .option('ecosystem', { type: 'string', default: 'ecosystem.json' })
      .option('write', { type: 'boolean', default: false }),
    (a) => {
      // A newline in a path would add directives of its own to the unit.
      const ecosystem = boundedArg(path.resolve(a.ecosystem), '--ecosystem', MAX_PATH_LENGTH);
      const home = boundedArg(homeLayout().root, 'MOULT_HOME', MAX_PATH_LENGTH);
      const unit = systemdUnit({ user: a.user, ecosystem, home });
      if (!a.write) return print(unit.text);
      fs.mkdirSync(path.dirname(unit.path), { recursive: true });
      fs.writeFileSync(unit.path, unit.text);
      print(`wrote ${unit.path}`);
    })
    .parserConfiguration({ 'populate--': true })
    .demandCommand(1, 'a verb is required')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .fail((msg, err) => { throw err ?? new CliError(2, nameMissing(argv, msg, bin)); })
    .wrap(Math.min(100, process.stdout.columns || 100));

  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`${bin}: ${escapeLines(err.message)}\n`);
      return err.exitCode;
    }
    process.stderr.write(`${bin}: ${escapeLines(err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
  return exitCode;
}

/** A message the CLI prints on stderr: its own lines kept, control characters in them escaped. */
export function escapeLines(message: string): string {
  return message.split('\n').map((l) => escapeControl(l)).join('\n');
}

/** --timeout in seconds, 1 ms to 24 h (SPEC 4; protocol/limits.ts), as milliseconds. */
export function checkedTimeout(seconds: number): number {
  const ms = seconds * 1000;
  if (!(Number.isFinite(ms) && ms >= MIN_TIMEOUT_MS && ms <= MAX_TIMEOUT_MS)) {
    throw new CliError(2, `--timeout: expected a number of seconds from ${MIN_TIMEOUT_MS / 1000} (1 ms) to ${MAX_TIMEOUT_MS / 1000} (24 h), not ${seconds}`);
  }
  return ms;
}

/**
 * The update file, checked here so that a typo exits 2 before anything is sent; so is a source
 * that would not fit in the frame that carries it to the app.
 */
export function checkedFile(file: string): string {
  const abs = path.resolve(file);
  if (abs.length > MAX_PATH_LENGTH) throw new CliError(2, `update file ${preview(abs)}: path too long (${abs.length} characters, limit ${MAX_PATH_LENGTH})`);
  let size: number;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) throw new Error('not a file');
    fs.accessSync(abs, fs.constants.R_OK);
    size = st.size;
  } catch (err) {
    throw new CliError(2, `update file ${abs}: ${(err as Error).message}`);
  }
  if (size > MAX_UPDATE_SOURCE_BYTES) {
    throw new CliError(2, `update file ${abs}: too large: ${formatBytes(size)}, over the limit of ${formatBytes(MAX_UPDATE_SOURCE_BYTES)} (it must fit in one frame)`);
  }
  const problem = updateSourceProblem(fs.readFileSync(abs, 'utf8'));
  if (problem) throw new CliError(2, `update file ${abs}: ${problem}`);
  return abs;
}

type UpdateBody = { verb: 'update'; app: string; file: string; manager?: string; wait: boolean; timeoutMs: number }
  | { verb: 'patch'; app: string; file: string; target?: string; wait: boolean; timeoutMs: number };

export async function sendUpdate(a: { json: boolean; wait: boolean }, body: UpdateBody): Promise<number> {
  const r = await withDaemon((c) => c.request<UpdateResult>(body, (e) => { if (!a.json) print(prettyEvent(e as unknown as Record<string, unknown>)); }));
  if (a.json) print(JSON.stringify(r));
  return a.wait ? (a.json ? exitCodeOf(r) : reportUpdate(r, body.timeoutMs)) : 0;
}

/** The required positionals of each verb, to name the one that is missing (SPEC 2). */
const REQUIRED: Record<string, string[]> = {
  stop: ['targets'], restart: ['targets'], delete: ['targets'], del: ['targets'], reset: ['targets'], describe: ['app'],
  patch: ['app', 'file'], rollback: ['app'], reload: ['targets'], scale: ['app', 'n'], history: ['app'], run: ['ecosystem'], startup: ['init'],
  desc: ['app'], info: ['app'], show: ['app'], sendSignal: ['signal', 'targets'], signal: ['signal', 'targets'], id: ['name'],
  startOrRestart: ['file'], startOrReload: ['file'], startOrGracefulReload: ['file'],
};

function nameMissing(argv: string[], msg: string, bin: string): string {
  if (!/^Not enough non-option arguments/.test(msg)) return msg;
  const [verb, ...rest] = argv;
  const required = REQUIRED[verb];
  if (!required) return msg;
  const given = rest.filter((a) => !a.startsWith('-')).length;
  const missing = required.slice(given);
  return `${verb}: missing ${missing.map((m) => `<${m}>`).join(' ')} (usage: ${bin} ${verb} ${required.map((m) => `<${m}>`).join(' ')})`;
}
