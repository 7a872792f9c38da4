// `moult fleet …` (SPEC 8): ls, update, patch, rollback, status [--watch], history, diff, pause,
// resume, promote, abort. The CLI talks to etcd only (`--etcd URL[,URL]` or MOULT_ETCD; TLS and
// user from an ecosystem's daemon.fleet with --ecosystem), never to a daemon: the daemons act on
// what it writes there.
import path from 'node:path';
import type { Argv } from 'yargs';
import type { Etcd3 } from 'etcd3';
import { loadEcosystem, ConfigError, appNameProblem } from '../../config/ecosystem';
import { ETCD_CALL_DEADLINE_MS, openEtcd, type EtcdAccess } from '../../protocol/fleet-etcd';
import { MAX_ORDER_DURATION_MS, fleetKeys, type FleetKeys } from '../../protocol/fleet';
import type { RolloutKind, RolloutOptions, RolloutPlan, RolloutView } from '../../protocol/fleet-rollout';
import { CliError } from '../errors';
import { AppLock, LOCK_TTL_S, describeHolder } from './app-lock';
import { Coordinator } from './coordinator';
import { EtcdOutages } from './etcd-outages';
import { listRollouts, readPlan, readProgress, readView } from './fleet-reads';
import { reporter, hostTable, statusText, summary } from './output';
import { changeControl, mustBeRunning, promotable } from './rollout-control';
import { watchStatus } from './status-watch';
import { history as fleetHistory } from './fleet-history';
import { diff } from './fleet-diff';
import { ls } from './fleet-ls';
import { readUpdateSource } from './update-source';
import { DEFAULT_KEEP, pruneHistory } from './retention';
import { startRollout } from './rollout-start';
import { checkControl, checkPointer } from '../../protocol/fleet-records';

export interface FleetArgs {
  action: string;
  args: (string | number)[];
  json: boolean;
  etcd?: string;
  prefix?: string;
  ecosystem?: string;
  hosts?: string;
  canary: number;
  batch: string;
  'max-failures': number;
  'min-healthy': number;
  deadline: number;
  sign?: string;
  target?: string;
  /** fleet patch: a dependency's release; fleet ls: hosts by this package's version in force. */
  package?: string;
  supersede?: boolean;
  keep?: number;
  interval?: number;
  'progress-deadline'?: number;
  'pause-after'?: string;
  /** fleet promote: every gate and interval left. */
  full?: boolean;
  /** fleet status <id>: follow it until it is over. */
  watch?: boolean;
}

const print = (s: string): void => { process.stdout.write(`${s}\n`); };

export function fleetOptions(y: Argv): Argv {
  return y
    .positional('action', { type: 'string', describe: 'ls | update | patch | rollback | status | history | diff | pause | resume | promote | abort' })
    .option('etcd', { type: 'string', describe: 'etcd URL[,URL] (default: MOULT_ETCD)' })
    .option('prefix', { type: 'string', describe: 'the fleet\'s key prefix (default /moult)' })
    .option('ecosystem', { type: 'string', describe: 'take etcd, prefix, TLS and user from this ecosystem\'s daemon.fleet' })
    .option('hosts', { type: 'string', describe: 'name,… or label=value,…' })
    .option('canary', { type: 'number', default: 0, describe: 'hosts of the first wave' })
    .option('batch', { type: 'string', default: '25%', describe: 'hosts per wave after the canary: N or P%' })
    .option('max-failures', { type: 'number', default: 0, describe: 'failed hosts tolerated before rolling back' })
    .option('min-healthy', { type: 'number', default: 5, describe: 'seconds a host must stay healthy after the update (its health check probed throughout)' })
    .option('deadline', { type: 'number', default: 120, describe: 'seconds after which a silent host has failed (etcd outages not counted)' })
    .option('interval', { type: 'number', describe: 'seconds to wait between a wave passing and the next one (`fleet promote` skips the wait)' })
    .option('progress-deadline', { type: 'number', describe: 'seconds the rollout\'s waves may take in all (time paused or held not counted); past it, it is rolled back' })
    .option('pause-after', { type: 'string', describe: 'wave numbers N,… after which the rollout waits for `moult fleet promote <rollout>`' })
    .option('full', { type: 'boolean', default: false, describe: 'fleet promote: open every gate and interval left' })
    .option('watch', { type: 'boolean', default: false, describe: 'fleet status <rollout>: follow it, printed again at each change, until it is over' })
    .option('supersede', { type: 'boolean', default: false, describe: 'end the app\'s running rollout (reverted, `superseded`) instead of waiting for it' })
    .option('keep', { type: 'number', describe: 'finished rollouts kept per app (default daemon.fleet.history, else 10)' })
    .option('sign', { type: 'string', describe: 'ed25519 private key (PEM file from `moult keygen`)' })
    .option('target', { type: 'string', describe: 'fleet patch: the loaded module to replace' })
    .option('package', { type: 'string', describe: 'fleet patch: a dependency\'s release (name@version or a tarball); fleet ls: the hosts by the version of this package that releases put in force' });
}

function access(a: FleetArgs): { access: EtcdAccess; prefix: string; history?: number } {
  let fromEco: (EtcdAccess & { prefix: string; history?: number }) | undefined;
  if (a.ecosystem) {
    try {
      fromEco = loadEcosystem(path.resolve(a.ecosystem)).daemon.fleet;
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(2, err.message);
      throw err;
    }
    if (!fromEco) throw new CliError(2, `${a.ecosystem}: daemon.fleet is not set`);
  }
  const urls = (a.etcd ?? process.env.MOULT_ETCD ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const etcd = urls.length ? urls : fromEco?.etcd ?? [];
  if (!etcd.length) throw new CliError(2, '--etcd: no etcd URL (give --etcd URL[,URL], MOULT_ETCD, or --ecosystem with daemon.fleet)');
  for (const u of etcd) if (!/^https?:\/\/[^\s/]+/.test(u)) throw new CliError(2, `--etcd: expected http(s)://host:port, not ${JSON.stringify(u)}`);
  return { access: { ...fromEco, etcd }, prefix: a.prefix ?? fromEco?.prefix ?? '/moult', ...(fromEco?.history !== undefined ? { history: fromEco.history } : {}) };
}

const seconds = (v: number, flag: string, min = 0): number => {
  const max = MAX_ORDER_DURATION_MS / 1000;
  if (!(Number.isFinite(v) && v >= min && v <= max)) throw new CliError(2, `--${flag}: expected seconds from ${min} to ${max}, not ${v}`);
  return Math.round(v * 1000);
};

const count = (v: number, flag: string): number => {
  if (!(Number.isInteger(v) && v >= 0)) throw new CliError(2, `--${flag}: expected a whole number >= 0, not ${v}`);
  return v;
};

function arg(a: FleetArgs, i: number, name: string): string {
  const v = a.args[i];
  if (v === undefined || v === '') throw new CliError(2, `fleet ${a.action}: missing <${name}>`);
  return String(v);
}

function appArg(a: FleetArgs, i: number): string {
  const app = arg(a, i, 'app');
  const problem = appNameProblem(app);
  if (problem) throw new CliError(2, `<app>: ${problem}`);
  return app;
}

/** --pause-after N,…: wave numbers as the output counts them (1 = the first), kept 0-based. */
function waveNumbers(v: string): number[] {
  const parts = String(v).split(',').map((x) => x.trim());
  if (!parts.every((x) => /^[1-9][0-9]{0,4}$/.test(x))) throw new CliError(2, `--pause-after: expected wave numbers N[,N…] (1 = the first wave), not ${JSON.stringify(v)}`);
  return [...new Set(parts.map((x) => Number(x) - 1))].sort((x, y) => x - y);
}

function rolloutOptions(a: FleetArgs): RolloutOptions {
  const options: RolloutOptions = {
    ...(a.hosts ? { hosts: a.hosts } : {}),
    canary: count(a.canary, 'canary'), batch: String(a.batch), max_failures: count(a['max-failures'], 'max-failures'),
    min_healthy_ms: seconds(a['min-healthy'], 'min-healthy'), deadline_ms: seconds(a.deadline, 'deadline', 0.1),
    ...(a.interval !== undefined ? { interval_ms: seconds(a.interval, 'interval') } : {}),
    ...(a['progress-deadline'] !== undefined ? { progress_deadline_ms: seconds(a['progress-deadline'], 'progress-deadline', 0.1) } : {}),
    ...(a['pause-after'] !== undefined ? { pause_after: waveNumbers(a['pause-after']) } : {}),
  };
  // A host must stay healthy for --min-healthy before it reports: longer than --deadline, every
  // host would be failed as silent while it is healthy (audit row 4c).
  if (options.min_healthy_ms >= options.deadline_ms) {
    throw new CliError(2, `--min-healthy ${options.min_healthy_ms / 1000} s must be shorter than --deadline ${options.deadline_ms / 1000} s (a host reports after --min-healthy; silent past --deadline it has failed)`);
  }
  return options;
}

const exitOf = (v: RolloutView): number => (v.state === 'succeeded' ? 0 : 1);

interface Session {
  client: Etcd3;
  keys: FleetKeys;
  a: FleetArgs;
  keep: number;
  outages: EtcdOutages;
}

/** Drives the rollout under `lock` to its end, prunes the app's history, frees the lock. */
async function drive(s: Session, plan: RolloutPlan, lock: AppLock): Promise<RolloutView> {
  try {
    const view = await new Coordinator(s.client, s.keys, reporter(plan, { json: s.a.json, tty: process.stdout.isTTY === true }), s.outages).drive(plan, lock);
    await pruneHistory(s.client, s.keys, plan.app, s.keep).catch((err: Error) => process.stderr.write(`moult: fleet: old rollouts of ${plan.app} not pruned: ${err.message}\n`));
    return view;
  } finally {
    await lock.release();
  }
}

async function rollout(s: Session, kind: RolloutKind): Promise<number> {
  const app = appArg(s.a, 0);
  const options = rolloutOptions(s.a);
  const update = kind === 'rollback' ? undefined : readUpdateSource({ kind, ...(s.a.args[1] !== undefined ? { given: String(s.a.args[1]) } : {}), ...(s.a.sign ? { sign: s.a.sign } : {}), ...(s.a.target ? { target: s.a.target } : {}), ...(s.a.package !== undefined ? { package: s.a.package } : {}) });
  const say = (line: string): void => { if (!s.a.json) print(line); };
  const started = await startRollout(s.client, s.keys, {
    app, kind, ...(update ? { update } : {}), options, supersede: s.a.supersede === true, say,
    emit: (e) => { if (e.kind === 'done') say(summary(e.record)); },
  }, s.outages);
  if ('nothing' in started) {
    print(s.a.json ? JSON.stringify({ app, nothing: started.nothing }) : started.nothing);
    return 0;
  }
  return exitOf(await drive(s, started.plan, started.lock));
}

/**
 * `fleet resume <id>`: lifts a `fleet pause` (Nomad's `deployment resume`), and drives a rollout
 * whose coordinator died (its lock free within a lease's TTL). A rollout that was paused and whose
 * coordinator is alive goes on under that coordinator: this command then exits 0 at once.
 */
async function resume(s: Session): Promise<number> {
  const plan = await readPlan(s.client, s.keys, arg(s.a, 0, 'rollout'));
  const progress = await readProgress(s.client, s.keys, plan);
  if (progress.phase === 'over') {
    const view = await readView(s.client, s.keys, plan.id);
    print(s.a.json ? JSON.stringify(view) : `${summary(view)}: nothing to resume`);
    return exitOf(view);
  }
  const control = checkControl(await s.client.get(s.keys.control(plan.id)).string());
  const unpaused = control.ok && control.value.paused;
  if (unpaused) {
    await changeControl(s.client, s.keys, plan.id, (c) => ({ ...c, paused: false }));
    if (!s.a.json) print(`rollout ${plan.id}: resumed (no longer paused)`);
  }
  const lock = await AppLock.acquire(s.client, s.keys.lock(plan.app), `resume of ${plan.id}`, s.outages, unpaused ? 0 : LOCK_TTL_S * 2500);
  const holder = lock ? null : describeHolder(await AppLock.holder(s.client, s.keys.lock(plan.app)));
  if (!lock && unpaused) {
    if (!s.a.json) print(`its coordinator goes on (${holder})`);
    return 0;
  }
  if (!lock) throw new CliError(1, `another coordinator drives ${plan.app} (${holder})`);
  return exitOf(await drive(s, plan, lock));
}

/** `fleet pause <id>`: no new wave starts (the wave under way finishes) until `fleet resume <id>`. */
async function pause(s: Session): Promise<number> {
  const plan = await readPlan(s.client, s.keys, arg(s.a, 0, 'rollout'));
  const progress = await readProgress(s.client, s.keys, plan);
  mustBeRunning(progress, 'pause');
  const c = await changeControl(s.client, s.keys, plan.id, (now) => ({ ...now, paused: true }));
  print(s.a.json ? JSON.stringify({ id: plan.id, control: c }) : `rollout ${plan.id}: paused: no new wave starts (the wave under way finishes); \`moult fleet resume ${plan.id}\` goes on`);
  return 0;
}

/**
 * `fleet promote <id> [--full]` (Argo Rollouts' promote): the next wave starts now, through its
 * --pause-after gate and its --interval wait (--full: every gate and wait left). A `fleet pause`
 * still holds it: that one is lifted by `fleet resume`.
 */
async function promote(s: Session): Promise<number> {
  const plan = await readPlan(s.client, s.keys, arg(s.a, 0, 'rollout'));
  const progress = await readProgress(s.client, s.keys, plan);
  mustBeRunning(progress, 'promote');
  const upTo = promotable(plan, progress, s.a.full === true);
  const c = await changeControl(s.client, s.keys, plan.id, (now) => ({ ...now, promoted: Math.max(now.promoted, upTo) }));
  if (s.a.json) print(JSON.stringify({ id: plan.id, control: c }));
  else {
    const what = s.a.full ? 'every wave left starts without a gate or interval' : upTo < plan.waves.length ? `wave ${upTo + 1}/${plan.waves.length} starts without its gate or interval` : 'no wave left to promote';
    print(`rollout ${plan.id}: promoted: ${what}${c.paused ? ' (it is paused: `moult fleet resume` lifts that)' : ''}`);
  }
  return 0;
}

/** Everything of the rollout was undone (an abort that found it failing already ends `rolledback`). */
const reverted = (v: RolloutView): number => (v.state === 'aborted' || v.state === 'rolledback' || v.state === 'superseded' ? 0 : 1);

/**
 * `fleet abort <id>`: asks the rollout to stop; its coordinator (this command, if none is alive)
 * reverts every host that got the update, those in flight too. Exit 0 only if no host still has
 * it (`aborted`, or `rolledback` when it was failing already); 1 otherwise (the table says who).
 */
async function abort(s: Session): Promise<number> {
  const plan = await readPlan(s.client, s.keys, arg(s.a, 0, 'rollout'));
  const progress = await readProgress(s.client, s.keys, plan);
  if (progress.phase === 'over') throw new CliError(1, `${summary(await readView(s.client, s.keys, plan.id))}: already over`);
  await s.client.put(s.keys.abort(plan.id)).value(JSON.stringify({ cause: 'abort', at: Date.now() }));
  for (;;) {
    const lock = await AppLock.acquire(s.client, s.keys.lock(plan.app), `abort of ${plan.id}`, s.outages, 0);
    if (lock) {
      const pointer = checkPointer(await s.client.get(s.keys.pointer(plan.app)).string());
      if (pointer.ok && pointer.value?.rollout === plan.id) return drive(s, plan, lock).then(reverted);
      await lock.release();
    }
    // Its coordinator is alive: it reverts; this command follows until the rollout is over.
    const now = await s.outages.retry(() => readProgress(s.client, s.keys, plan));
    if (now.phase === 'over') {
      const view = await readView(s.client, s.keys, plan.id);
      print(s.a.json ? JSON.stringify(view) : `${hostTable(view)}\n${summary(view)}`);
      return reverted(view);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function status(s: Session): Promise<number> {
  if (s.a.watch) {
    // Without an id: the newest rollout not over yet.
    const id = s.a.args[0] !== undefined ? String(s.a.args[0]) : (await listRollouts(s.client, s.keys)).filter((p) => p.phase !== 'over').at(-1)?.id;
    if (!id) throw new CliError(1, 'fleet status --watch: no rollout is under way (give a rollout id to watch one that is over)');
    return watchStatus(s.client, s.keys, id, { json: s.a.json, tty: process.stdout.isTTY === true });
  }
  if (s.a.args[0] !== undefined) {
    const view = await readView(s.client, s.keys, String(s.a.args[0]));
    print(s.a.json ? JSON.stringify(view) : statusText(view));
    return 0;
  }
  const all = await listRollouts(s.client, s.keys);
  if (s.a.json) print(JSON.stringify(all));
  else if (!all.length) print('no rollouts');
  else for (const p of all) print(summary(p));
  return 0;
}

export async function runFleet(a: FleetArgs): Promise<number> {
  const { access: acc, prefix, history } = access(a);
  const keep = a.keep !== undefined ? count(a.keep, 'keep') : history ?? DEFAULT_KEEP;
  if (keep < 1) throw new CliError(2, '--keep: expected at least 1 (the rollout just finished)');
  const keys = fleetKeys(prefix);
  const client = openEtcd(acc, { callDeadlineMs: ETCD_CALL_DEADLINE_MS });
  const s: Session = { client, keys, a, keep, outages: new EtcdOutages() };
  try {
    switch (a.action) {
      case 'ls': return await ls(client, keys, a.json, a.package);
      case 'update':
      case 'patch':
      case 'rollback': return await rollout(s, a.action);
      case 'status': return await status(s);
      case 'history': return await fleetHistory(client, keys, appArg(a, 0), a.json);
      case 'diff': return await diff(client, keys, appArg(a, 0), a.json);
      case 'pause': return await pause(s);
      case 'resume': return await resume(s);
      case 'promote': return await promote(s);
      case 'abort': return await abort(s);
      default:
        throw new CliError(2, `fleet: unknown action ${JSON.stringify(a.action)} (expected ls, update, patch, rollback, status, history, diff, pause, resume, promote or abort)`);
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    const message = (err as Error).message;
    // gRPC's own words for it list its internal timings: say what happened instead.
    const what = /DEADLINE_EXCEEDED/.test(message) ? `did not answer within ${ETCD_CALL_DEADLINE_MS / 1000} s (gRPC DEADLINE_EXCEEDED)` : message;
    throw new CliError(1, `fleet ${a.action}: etcd at ${acc.etcd.join(',')}: ${what}`);
  } finally {
    client.close();
    // etcd3 1.1.2 can leave a lease's keep-alive interval running after the lease is revoked (two
    // keep-alive restarts at once, under load: seen at 5 000 hosts, the command hung 9 minutes
    // after printing its result): the command ends at most 1 s after its work is done.
    setTimeout(() => process.exit(), 1000).unref();
  }
}
