// The moult / moultd command line (SPEC 2). Every verb validates its input here, once, then talks
// to the daemon; exit codes: 0 success, 1 failed operation, 2 bad usage or bad input.
import fs from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { loadEcosystem, appFromScript, isEcosystemFile, ConfigError, type AppConfig } from '../config/ecosystem';
import type { InstanceInfo, RollbackOutcome, UpdateResult } from '../protocol/control';
import { homeLayout } from '../protocol/home';
import { DaemonClient } from './daemon-client';
import { CliError } from './errors';
import { lsTable, prettyEvent } from './format';
import { showLogs } from './logs';
import { readHistory, formatHistory } from './history';
import { monit } from './monit';
import { systemdUnit } from './startup';

type Out = { json: boolean };
const print = (s: string): void => { process.stdout.write(s + '\n'); };

async function withDaemon<T>(fn: (c: DaemonClient) => Promise<T>, autostart = true): Promise<T> {
  const client = await DaemonClient.open({ autostart });
  if (!client) throw new CliError(1, 'no daemon is running');
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

function appsToStart(target: string, name?: string, instances?: number): AppConfig[] {
  try {
    if (isEcosystemFile(target)) return loadEcosystem(path.resolve(target)).apps;
    return [appFromScript(target, { name, instances, cwd: process.cwd() })];
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(2, err.message);
    throw err;
  }
}

async function ls(o: Out): Promise<void> {
  const list = await withDaemon((c) => c.request<InstanceInfo[]>({ verb: 'ls' }));
  print(o.json ? JSON.stringify(list) : lsTable(list));
}

function reportUpdate(r: UpdateResult): number {
  let code = 0;
  for (const inst of r.instances) {
    if (inst.rejected) {
      print(`${r.app}[${inst.instance}] rejected: ${inst.rejected}`);
      code = Math.max(code, /^syntax error/.test(inst.rejected) ? 2 : 1);
      continue;
    }
    if (!inst.updates.length) print(`${r.app}[${inst.instance}] the module produced no update`);
    for (const u of inst.updates) {
      print(`${r.app}[${inst.instance}] ${u.name}: ${u.outcome}${u.error ? ` (${u.error})` : ''}`);
      if (u.outcome !== 'completed') code = Math.max(code, 1);
    }
  }
  const pending = r.instances.filter((i) => i.updates.some((u) => u.outcome === 'pending')).map((i) => i.instance);
  if (pending.length) print(`still pending on instance(s) ${pending.join(', ')}: the update goes on in the app`);
  return code;
}

export async function main(argv: string[], bin: string): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName(bin)
    .usage(`${bin} <verb> [options]\n\nA process supervisor whose Node.js apps can be updated while they run.`)
    .option('json', { type: 'boolean', default: false, describe: 'machine-readable output' })
    .command('start <target>', 'start the daemon if needed, then the apps of an ecosystem file or one script', (y) => y
      .positional('target', { type: 'string', demandOption: true, describe: 'ecosystem.json or script.js' })
      .option('name', { type: 'string', describe: 'app name (for a script)' })
      .option('i', { alias: 'instances', type: 'number', describe: 'number of instances (for a script)' }),
    async (a) => {
      const apps = appsToStart(a.target, a.name, a.i);
      const names = new Set(apps.map((x) => x.name));
      const list = await withDaemon(async (c) => {
        await c.request({ verb: 'start', apps });
        // Like pm2, show the table once the new instances came up (or after a short while).
        const deadline = Date.now() + 3000;
        for (;;) {
          const l = await c.request<InstanceInfo[]>({ verb: 'ls' });
          if (Date.now() > deadline || l.every((i) => !names.has(i.name) || i.status !== 'launching')) return l;
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      print(a.json ? JSON.stringify(list) : lsTable(list));
    })
    .command(lifecycle('stop', 'stop an app, or all (SIGINT, then SIGKILL after kill_timeout)'))
    .command(lifecycle('restart', 'restart an app, or all'))
    .command(lifecycle('delete', 'stop an app, or all, and forget it'))
    .command(['ls', 'list', 'status'], 'list the apps and their instances', (y) => y, (a) => ls({ json: a.json }))
    .command('logs [app]', 'app output and structured events, readable', (y) => y
      .positional('app', { type: 'string' })
      .option('lines', { type: 'number', default: 20, describe: 'lines of history per file' })
      .option('follow', { alias: 'f', type: 'boolean', default: false }),
    async (a) => {
      if (!(a.lines >= 0)) throw new CliError(2, '--lines: expected a number >= 0');
      await showLogs(homeLayout(), { app: a.app, lines: a.lines, follow: a.follow }, print);
    })
    .command('update <app> <file>', 'apply an update module to every instance of an app, while it runs', (y) => y
      .positional('app', { type: 'string', demandOption: true })
      .positional('file', { type: 'string', demandOption: true, describe: 'update module (.js, .mjs, .ts)' })
      .option('manager', { type: 'string', describe: 'target manager (default: the app\'s)' })
      .option('wait', { type: 'boolean', default: true, describe: 'wait for the outcome (--no-wait to return at once)' })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait' }),
    async (a) => {
      exitCode = await sendUpdate(a, { verb: 'update', app: a.app, file: checkedFile(a.file, a.timeout), manager: a.manager, wait: a.wait, timeoutMs: a.timeout * 1000 });
    })
    .command('patch <app> <file>', 'replace a loaded module\'s code in place in every instance (V8 LiveEdit)', (y) => y
      .positional('app', { type: 'string', demandOption: true })
      .positional('file', { type: 'string', demandOption: true, describe: 'the new source of the module' })
      .option('target', { type: 'string', describe: 'the loaded module to replace, relative to the app\'s entry folder (default: the module with the file\'s name)' })
      .option('wait', { type: 'boolean', default: true })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait' }),
    async (a) => {
      exitCode = await sendUpdate(a, { verb: 'patch', app: a.app, file: checkedFile(a.file, a.timeout), ...(a.target ? { target: a.target } : {}), wait: a.wait, timeoutMs: a.timeout * 1000 });
    })
    .command('rollback <app> [update]', 'undo the last (or named) completed update on every instance', (y) => y
      .positional('app', { type: 'string', demandOption: true })
      .positional('update', { type: 'string', describe: 'the update to undo (it must be the last one applied)' }),
    async (a) => {
      const r = await withDaemon((c) => c.request<RollbackOutcome[]>({ verb: 'rollback', app: a.app, ...(a.update ? { update: a.update } : {}) }));
      if (a.json) print(JSON.stringify(r));
      else for (const o of r) print(`${a.app}[${o.instance}] ${o.ok ? `${o.update}: rolled back (${o.mode})` : `not rolled back: ${o.error}`}`);
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
      .positional('app', { type: 'string', demandOption: true }),
    (a) => {
      const entries = readHistory(homeLayout(), a.app);
      print(a.json ? JSON.stringify(entries) : formatHistory(a.app, entries));
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
      const unit = systemdUnit({ user: a.user, ecosystem: path.resolve(a.ecosystem), home: homeLayout().root });
      if (!a.write) return print(unit.text);
      fs.mkdirSync(path.dirname(unit.path), { recursive: true });
      fs.writeFileSync(unit.path, unit.text);
      print(`wrote ${unit.path}`);
    })
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
      process.stderr.write(`${bin}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`${bin}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return exitCode;
}

function lifecycle(verb: 'stop' | 'restart' | 'delete', describe: string): yargs.CommandModule<{ json: boolean }, { json: boolean; app: string }> {
  return {
    command: `${verb} <app>`,
    describe,
    builder: (y) => y.positional('app', { type: 'string', demandOption: true, describe: 'app name or "all"' }),
    handler: async (a) => {
      const r = await withDaemon((c) => c.request<Record<string, string[]>>({ verb, target: a.app }));
      print(a.json ? JSON.stringify(r) : `${verb}: ${Object.values(r)[0].join(', ')}`);
    },
  };
}

/** The update file, checked here so that a typo exits 2 before anything is sent. */
function checkedFile(file: string, timeout: number): string {
  const abs = path.resolve(file);
  try {
    if (!fs.statSync(abs).isFile()) throw new Error('not a file');
    fs.accessSync(abs, fs.constants.R_OK);
  } catch (err) {
    throw new CliError(2, `update file ${abs}: ${(err as Error).message}`);
  }
  if (!(timeout > 0)) throw new CliError(2, '--timeout: expected a positive number of seconds');
  return abs;
}

type UpdateBody = { verb: 'update'; app: string; file: string; manager?: string; wait: boolean; timeoutMs: number }
  | { verb: 'patch'; app: string; file: string; target?: string; wait: boolean; timeoutMs: number };

async function sendUpdate(a: { json: boolean; wait: boolean }, body: UpdateBody): Promise<number> {
  const r = await withDaemon((c) => c.request<UpdateResult>(body, (e) => { if (!a.json) print(prettyEvent(e as unknown as Record<string, unknown>)); }));
  if (a.json) print(JSON.stringify(r));
  return a.wait ? (a.json ? reportQuiet(r) : reportUpdate(r)) : 0;
}

/** The required positionals of each verb, to name the one that is missing (SPEC 2). */
const REQUIRED: Record<string, string[]> = {
  start: ['target'], stop: ['app'], restart: ['app'], delete: ['app'], update: ['app', 'file'],
  patch: ['app', 'file'], rollback: ['app'], history: ['app'], run: ['ecosystem'], startup: ['init'],
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

function reportQuiet(r: UpdateResult): number {
  let code = 0;
  for (const inst of r.instances) {
    if (inst.rejected) code = Math.max(code, /^syntax error/.test(inst.rejected) ? 2 : 1);
    for (const u of inst.updates) if (u.outcome !== 'completed') code = Math.max(code, 1);
  }
  return code;
}
