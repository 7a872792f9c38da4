// What a fleet order does on this host: exactly what `moult update` / `moult patch` /
// `moult rollback` do (the supervisor's update router: signature, transaction, health gate),
// plus the wait for --min-healthy: every instance still online, same pid, the update still in force.
import fs from 'node:fs';
import path from 'node:path';
import { fleetUpdateId, type Order, type OrderResult, type StoredUpdate } from '../../protocol/fleet';
import type { UpdateResult } from '../../protocol/control';
import { fileNameProblem, isSha256 } from '../../protocol/identifiers';
import { verifySource } from '../../protocol/signature';
import type { Supervisor } from '../supervisor';
import type { Instance } from '../instances/instance';
import { signatureFile } from '../updates/signature';
import type { AppliedStore } from './applied-store';
import { loadState, writeFileAtomically } from '../state/store';
import type { Checked } from './etcd-records';
import { updateApp } from '../updates/app-update';
import { applyFleetRelease, releaseProblem } from './release-apply';
import type { ReleaseResult } from '../updates/release-route';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const failed = (error: string): OrderResult => ({ outcome: 'failed', error, at: Date.now() });

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

export class HostApply {
  constructor(private readonly supervisor: Supervisor, private readonly store: AppliedStore) {}

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

  async run(order: Order, update: Checked<StoredUpdate>): Promise<OrderResult> {
    try {
      return order.action === 'rollback' ? await this.rollback(order) : await this.apply(order, update);
    } catch (err) {
      return failed((err as Error).message);
    }
  }

  private async apply(order: Order, stored: Checked<StoredUpdate>): Promise<OrderResult> {
    const prepared = this.prepare(stored);
    if ('problem' in prepared) {
      if (stored.ok) this.supervisor.updates.logRejected(order.app, stored.value.name.replace(/\.[^.]+$/, ''), 'bad signature', prepared.problem);
      return failed(prepared.problem);
    }
    const { file, update } = prepared;
    const instances = await onlineInstances(this.supervisor, order.app, Math.min(order.deadline_ms, 15_000));
    const cfg = instances[0]?.config.updates;
    const update_id = fleetUpdateId(order.rollout, order.sha256);
    // A release (SPEC 6.5): built against this host's tree from the tarball it carries.
    const r = update.release
      ? await applyFleetRelease(this.supervisor, order.app, { ...update, release: update.release }, { timeoutMs: order.deadline_ms, updateId: update_id, instances })
      // Through the ledger: the app's release lock, its members, its all-or-none verdict (SPEC 6.6).
      : await updateApp(this.supervisor.ledger, {
        app: order.app, file, wait: true, timeoutMs: order.deadline_ms, update_id,
        ...(update.kind === 'patch' ? { patch: { ...(update.target ? { target: update.target } : {}), max_tries: cfg?.max_tries ?? 10, sleep_time: cfg?.sleep_time ?? 1000 } } : {}),
      }, () => {});
    const names = [...new Set(r.instances.flatMap((i) => i.updates.map((u) => u.name)))];
    const problem = resultProblem(r) ?? ('release' in r ? releaseProblem(r as ReleaseResult) : null);
    if (problem) return { ...failed(problem), updates: names };
    this.store.add(order.app, { sha256: order.sha256, rollout: order.rollout, names });
    const unhealthy = await this.stayedHealthy(order, r, names);
    if (unhealthy) {
      await this.undo(order.app, names);
      this.store.markRolledBack(order.app, order.sha256);
      return { ...failed(unhealthy), updates: names };
    }
    return { outcome: 'completed', updates: names, at: Date.now() };
  }

  /** null if every instance stayed online, with the same pid and the update, for min_healthy_ms. */
  private async stayedHealthy(order: Order, r: UpdateResult, names: string[]): Promise<string | null> {
    if (order.min_healthy_ms > 0) await sleep(order.min_healthy_ms);
    const now = this.supervisor.instancesOf(order.app);
    for (const before of r.instances) {
      const inst = now.find((i) => i.index === before.instance);
      if (!inst || inst.status !== 'online') return `instance ${before.instance} is ${inst?.status ?? 'gone'} within --min-healthy`;
      if (inst.pid !== before.pid) return `instance ${before.instance} restarted within --min-healthy`;
      const missing = names.find((n) => !inst.updates.includes(n));
      if (missing) return `instance ${before.instance} no longer has ${missing} within --min-healthy`;
    }
    return null;
  }

  private async undo(app: string, names: string[]): Promise<string | null> {
    for (const name of [...names].reverse()) {
      const outcomes = await this.supervisor.rollback(app, name);
      const bad = outcomes.find((o) => !o.ok);
      if (bad) return `instance ${bad.instance}: ${bad.error ?? 'rollback failed'}`;
    }
    return null;
  }

  private async rollback(order: Order): Promise<OrderResult> {
    const entry = this.store.find(order.app, order.sha256);
    if (!entry) return { outcome: 'completed', error: 'not in force on this host: nothing to undo', at: Date.now() };
    const problem = await this.undo(order.app, entry.names);
    if (problem) return failed(problem);
    this.store.markRolledBack(order.app, order.sha256);
    return { outcome: 'completed', updates: entry.names, at: Date.now() };
  }

  /**
   * An order claimed before this daemon restarted: reported from what is in force, never
   * re-applied. The daemon may have died after the app completed the update but before the
   * order's end was recorded here: state.json (the update by sha256, in force) says so then.
   */
  recover(order: Order): OrderResult {
    let inForce = this.store.find(order.app, order.sha256) !== undefined;
    if (!inForce && order.action === 'apply') {
      const app = loadState(this.supervisor.home.stateFile).state?.apps.find((a) => a.config.name === order.app);
      const names = (app?.updates ?? []).filter((u) => u.sha256 === order.sha256 && !u.failed && !u.rolled_back).map((u) => u.name);
      if (names.length) {
        this.store.add(order.app, { sha256: order.sha256, rollout: order.rollout, names });
        inForce = true;
      }
    }
    if (order.action === 'apply') {
      return inForce ? { outcome: 'completed', at: Date.now() } : failed('the daemon stopped while applying this order; it is not applied again');
    }
    return inForce ? failed('the daemon stopped while rolling back; the update is still in force') : { outcome: 'completed', at: Date.now() };
  }
}
