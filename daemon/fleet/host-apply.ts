// What applying or undoing a fleet update means on this host: exactly what `moult update` /
// `moult patch` / `moult rollback` do (the supervisor's update router: signature, transaction,
// health gate), plus --min-healthy: the health check probed throughout, every instance still
// online, same pid, the update still in force.
import fs from 'node:fs';
import path from 'node:path';
import type { StoredUpdate } from '../../protocol/fleet';
import type { UpdateResult } from '../../protocol/control';
import { fileNameProblem, isSha256 } from '../../protocol/identifiers';
import { verifySource } from '../../protocol/signature';
import type { Supervisor } from '../supervisor';
import type { Instance } from '../instances/instance';
import { signatureFile } from '../updates/signature';
import { writeFileAtomically } from '../state/store';
import { checkHealthAfterUpdate } from '../updates/health-gate';
import type { Checked } from './etcd-records';
import type { FleetUpdateInForce } from './local-release';
import { applyFleetRelease, releaseProblem } from './release-apply';
import { updateApp } from '../updates/app-update';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Why a checked stored update may not be applied on a host with these trusted keys, or null. Asked
 * before anything of it is written: refused content never reaches the disk (audit row 6.7).
 */
export function storedSignatureProblem(update: StoredUpdate, trusted: readonly string[]): string | null {
  if (!trusted.length) return null;
  const what = `update ${update.name} (${update.sha256.slice(0, 12)}…)`;
  if (!update.signature) {
    return `bad signature: ${what} is stored in etcd unsigned and daemon.trusted_keys is set; roll it out again with --sign (a signed rollout replaces the unsigned record)`;
  }
  if (!verifySource(update.source, update.signature, trusted)) return `bad signature: ${what} is not signed by any of daemon.trusted_keys`;
  return null;
}

/**
 * The update's file under $MOULT_HOME/fleet/updates/<sha256>/, named as given, with its signature,
 * for the update path (which reads and checks them again). Only a checked update gets here: its
 * sha256 is 64 hex digits and its name a plain file name (etcd-records.ts); asserted again here,
 * since this builds paths from them. Written whole (temp file, rename), never through a symlink.
 */
export function materialise(root: string, update: StoredUpdate): string {
  if (!isSha256(update.sha256) || fileNameProblem(update.name)) throw new Error(`refusing to write update ${JSON.stringify(update.name).slice(0, 60)}: unchecked`);
  const dir = path.join(root, 'fleet', 'updates', update.sha256);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== (process.getuid?.() ?? st.uid) || (st.mode & 0o022)) throw new Error(`${dir} is not a private folder of the daemon's user: not written into`);
  const file = path.join(dir, update.name);
  writeFileAtomically(file, update.source);
  if (update.signature) writeFileAtomically(signatureFile(file), update.signature);
  else fs.rmSync(signatureFile(file), { force: true });
  return file;
}

/** First reason the router's result is not a success, or null. */
export function resultProblem(r: UpdateResult): string | null {
  for (const i of r.instances) {
    if (i.rejected) return `instance ${i.instance}: ${i.rejected}`;
    if (!i.answered) return `instance ${i.instance}: no answer before the deadline`;
    const bad = i.updates.find((u) => u.outcome !== 'completed');
    if (bad) return `instance ${i.instance}: ${bad.name} ${bad.outcome}${bad.error ? `: ${bad.error}` : ''}`;
  }
  return null;
}

/** Instances of a host that just started are launching: an order waits for them (bounded). */
async function onlineInstances(supervisor: Supervisor, app: string, withinMs: number): Promise<Instance[]> {
  const until = Date.now() + withinMs;
  for (;;) {
    const all = supervisor.instancesOf(app);
    if (all.length && all.every((i) => i.status === 'online' && i.channel)) return all;
    if (Date.now() > until) return all;
    await sleep(100);
  }
}

export interface ApplyOptions {
  minHealthyMs: number;
  deadlineMs: number;
  /** Why to stop waiting out --min-healthy now (the rollout is reverting), or null. */
  cutShort(): string | null;
}

/**
 * How an apply ended, exactly: in force (and healthy) or not, and, when not, whether the update
 * is still in force on the host because its undo failed (audit row 7c: that error was discarded).
 */
export type ApplyOutcome =
  | { ok: true; names: string[]; note?: string }
  | { ok: false; error: string; names: string[]; inForce: boolean };

/** How often --min-healthy looks at the instances and probes the health check. */
const PROBE_EVERY_MS = 1000;

export class HostApply {
  constructor(private readonly supervisor: Supervisor) {}

  /**
   * The checked update, its signature verified with this daemon's trusted keys, written where the
   * update path reads it: its file, or why it is refused (then nothing was written).
   */
  prepare(update: Checked<StoredUpdate>): { file: string; update: StoredUpdate } | { problem: string } {
    if (!update.ok) return { problem: update.problem };
    const unsigned = storedSignatureProblem(update.value, this.supervisor.updates.trustedKeys);
    if (unsigned) return { problem: unsigned };
    return { file: materialise(this.supervisor.home.root, update.value), update: update.value };
  }

  /**
   * Applies the update to every instance of the app exactly as `moult update` does (signature,
   * transaction, health gate), then, for --min-healthy, probes the health check throughout (Nomad
   * min_healthy_time, k8s minReadySeconds; audit row 7b) and watches that every instance stays
   * online with the same pid and the update: the first failure undoes it (row 7c: at once).
   */
  async apply(app: string, stored: Checked<StoredUpdate>, updateId: string, opts: ApplyOptions): Promise<ApplyOutcome> {
    try {
      const prepared = this.prepare(stored);
      if ('problem' in prepared) {
        if (stored.ok) this.supervisor.updates.logRejected(app, stored.value.name.replace(/\.[^.]+$/, ''), 'bad signature', prepared.problem);
        return { ok: false, error: prepared.problem, names: [], inForce: false };
      }
      const { file, update } = prepared;
      const instances = await onlineInstances(this.supervisor, app, Math.min(opts.deadlineMs, 15_000));
      const cfg = instances[0]?.config.updates;
      // The coordinator judges the host by --deadline; here the update is given longer, so that a
      // host that was stopped (SIGSTOP, a paused VM) does not report a failure for an update that
      // then completes: it reports what happened, late.
      const timeoutMs = opts.deadlineMs + 60_000;
      // A release (SPEC 6.5): built against this host's tree from the tarball it carries.
      const r = update.release
        ? await applyFleetRelease(this.supervisor, app, { ...update, release: update.release }, { timeoutMs, updateId, instances })
        // Through the ledger: the app's release lock, its members, its all-or-none verdict (SPEC 6.6).
        : await updateApp(this.supervisor.ledger, {
          app, file, wait: true, timeoutMs, update_id: updateId,
          ...(update.kind === 'patch' ? { patch: { ...(update.target ? { target: update.target } : {}), max_tries: cfg?.max_tries ?? 10, sleep_time: cfg?.sleep_time ?? 1000 } } : {}),
        }, () => {});
      const names = [...new Set(r.instances.flatMap((i) => i.updates.filter((u) => u.outcome === 'completed').map((u) => u.name)))];
      const problem = resultProblem(r) ?? releaseProblem(r) ?? (names.length ? null : 'the update module produced no update');
      if (!problem && opts.minHealthyMs > 0) {
        this.supervisor.log.write('fleet.order', `${app}: ${names.join(', ')} in force, through the health gate; --min-healthy ${opts.minHealthyMs / 1000} s, the health check probed throughout`, { app, update_id: updateId, reason: 'min-healthy' });
      }
      const unhealthy = problem ?? (await this.stayedHealthy(app, r, names, opts));
      if (unhealthy && typeof unhealthy === 'string') {
        // What is still in force of it, as the app's release records it (an instance that completed
        // after the wait ended included; one crash-blamed or undone by the gate already is not).
        const left = this.supervisor.recordedUpdates(app).filter((u) => u.update_id === updateId).map((u) => u.name);
        const undo = left.length ? await this.undoNames(app, updateId, left) : null;
        return { ok: false, error: undo ? `${unhealthy}; undo failed: ${undo}` : unhealthy, names, inForce: undo !== null };
      }
      return { ok: true, names, ...(unhealthy && typeof unhealthy === 'object' ? { note: unhealthy.note } : {}) };
    } catch (err) {
      return { ok: false, error: (err as Error).message, names: [], inForce: false };
    }
  }

  /** null when every instance stayed healthy for --min-healthy; why not; or the rollout stopped first. */
  private async stayedHealthy(app: string, r: UpdateResult, names: string[], opts: ApplyOptions): Promise<string | null | { note: string }> {
    const until = Date.now() + opts.minHealthyMs;
    for (;;) {
      const now = this.supervisor.instancesOf(app);
      for (const before of r.instances) {
        const inst = now.find((i) => i.index === before.instance);
        if (!inst || inst.status !== 'online') return `instance ${before.instance} is ${inst?.status ?? 'gone'} within --min-healthy`;
        if (inst.pid !== before.pid) return `instance ${before.instance} restarted within --min-healthy`;
        const missing = names.find((n) => !inst.updates.includes(n));
        if (missing) return `instance ${before.instance} no longer has ${missing} within --min-healthy`;
      }
      if (Date.now() >= until) return null;
      const stop = opts.cutShort();
      if (stop) return { note: `--min-healthy cut short: ${stop}` };
      await sleep(Math.min(PROBE_EVERY_MS, Math.max(0, until - Date.now())));
      const first = now[0];
      if (first?.config.health?.http) {
        const v = await checkHealthAfterUpdate(first.config.health, this.supervisor.log, app, first.index, true);
        if (!v.ok) return `${v.reason} within --min-healthy`;
      }
    }
  }

  /**
   * Undoes an update's names, newest first, in every instance (waiting, bounded, for a restarting
   * one to be online again); resolves to why it could not, or null. An app none of whose instances
   * runs now has it only in its record: it leaves that record (never replayed), which is all an
   * undo can mean then.
   */
  private async undoNames(app: string, updateId: string, names: readonly string[]): Promise<string | null> {
    const instances = await onlineInstances(this.supervisor, app, 15_000);
    if (!instances.some((i) => i.status === 'online' && i.channel)) {
      if (instances.some((i) => i.pid !== null && i.status !== 'stopped' && i.status !== 'errored')) return 'no instance of the app is online to undo it in';
      this.supervisor.retireRecorded(app, updateId);
      return null;
    }
    for (const name of [...names].reverse()) {
      try {
        const outcomes = await this.supervisor.rollback(app, name);
        const bad = outcomes.find((o) => !o.ok);
        if (bad) return `instance ${bad.instance}: ${bad.error ?? 'rollback failed'}`;
      } catch (err) {
        return (err as Error).message;
      }
    }
    return null;
  }

  /** Undoes a fleet update in force (its updates newest first); resolves to why it could not, or null. */
  async undo(app: string, target: FleetUpdateInForce): Promise<string | null> {
    return this.undoNames(app, target.update_id, target.names);
  }
}
