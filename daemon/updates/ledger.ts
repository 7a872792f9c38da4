// The daemon's ledger of updates (SPEC 6.3, 6.6): per app, the completed updates recorded in
// state.json (its release: those in force, in order, with an id), and per instance what it runs
// (the updates it reported completed, in order). It decides what the app as a whole makes of an
// instance's outcome: an update blamed for a crash is undone on every instance, never kept on
// some; and which instances an update goes to (the members: instances that reached the release).
// The work itself is in app-update.ts (an update to the whole app), catch-up.ts (a starting
// instance reaches the release before it takes a request) and convergence.ts (undo what is no
// longer in force), all under the app's release lock (release-lock.ts).
import type { EventLog } from '../logs/event-log';
import type { Instance } from '../instances/instance';
import type { FromRuntime } from '../../protocol/runtime-channel';
import type { RecordedUpdate } from '../state/store';
import { UpdateRouter } from './router';
import { ReleaseLocks } from './release-lock';
import { RollbackRequests } from './rollback-requests';
import { checkHealthAfterUpdate } from './health-gate';
import { restoreReleaseDisk } from './release-disk';
import { codeIdOf, inForce, releaseIdOf, runsRelease, type Applied } from './release';

/** What the ledger needs of the supervisor. */
export interface LedgerHost {
  log: EventLog;
  stateFile: string;
  /** Writes state.json now; throws when it cannot. */
  saveNow(): void;
  onChange(): void;
  /** The app's instances (a reload's new process is not one until it replaced the old one). */
  instancesOf(app: string): Instance[];
  /** Restarts an instance that cannot be undone in place (cold rollback, failed undo): `why` completes "restarting …". */
  restart(inst: Instance, why: string, update?: string): Promise<void>;
}

/** Where one process stands (what it runs is the Instance's: `appliedUpdates()`). */
interface Code {
  /** It reached the app's release: every later update is sent to it. */
  member: boolean;
  /** Its last update completed as a member (a replay is not one): a crash soon after is blamed on it. */
  last: { update_id: string; name: string; at: number } | null;
}

export const CRASH_BLAME = 'the instance crashed within min_uptime after this update';

export class Ledger {
  private readonly books = new Map<string, RecordedUpdate[]>();
  private readonly code = new WeakMap<Instance, Code>();
  private readonly members = new Map<string, Set<Instance>>();
  readonly locks = new ReleaseLocks();
  readonly router: UpdateRouter;
  readonly rollbacks: RollbackRequests;

  /** `updatesDir`: where the sources of recorded updates are kept ($MOULT_HOME/updates). */
  constructor(readonly host: LedgerHost, readonly updatesDir: string) {
    this.router = new UpdateRouter(host.log, updatesDir);
    this.router.gate = async (inst, update, updateId, sentAt) =>
      (await this.healthGate(inst, update, updateId, sentAt)) ?? this.recordOrUndo(inst, update, updateId);
    this.rollbacks = new RollbackRequests((inst, update) => host.restart(inst, `without ${update} (cold rollback)`, update));
  }

  // --- the app's release ---------------------------------------------------------------------

  open(app: string, entries: RecordedUpdate[]): void {
    if (!this.books.has(app)) this.books.set(app, entries);
  }

  drop(app: string): void {
    this.books.delete(app);
    this.members.delete(app);
  }

  /** Every recorded update of the app, flags included (state.json). */
  entries(app: string): RecordedUpdate[] {
    return this.books.get(app) ?? [];
  }

  inForce(app: string): RecordedUpdate[] {
    return inForce(this.entries(app));
  }

  releaseId(app: string): string {
    return releaseIdOf(this.entries(app));
  }

  /** Records a completed update (once per update id and name), with where its source is kept. */
  record(app: string, update: string, updateId: string): void {
    const book = this.books.get(app);
    // Once per update in force: the same update applied again after it was undone (a fleet release
    // entry restored by the reconcile) is in force again, recorded anew.
    if (!book || book.some((u) => u.update_id === updateId && u.name === update && !u.failed && !u.rolled_back)) return;
    const origin = this.router.origin(updateId);
    if (!origin) return; // not sent by this daemon (an app's own update): not part of the release
    book.push({ name: update, update_id: updateId, file: origin.file, sha256: origin.sha256, applied_at: Date.now(), ...(origin.stored ? { stored: origin.stored } : {}), ...(origin.patch ? { patch: origin.patch } : {}), ...(origin.release ? { release: origin.release } : {}) });
  }

  /** The step (update id) is no longer in force: failed (never replayed) or rolled back. */
  retire(app: string, updateId: string, how: 'failed' | 'rolled_back', names?: readonly string[]): boolean {
    let changed = false;
    for (const u of this.entries(app)) {
      if (u.update_id !== updateId || u.failed || u.rolled_back || (names && !names.includes(u.name))) continue;
      u[how] = true;
      changed = true;
      // A release's files go back on disk (SPEC 6.5) before anything restarts without it.
      if (u.release) restoreReleaseDisk(u.release.disk, (msg) => this.host.log.write('daemon.warning', msg, { app, update: u.name }, 'warn'));
    }
    if (changed) {
      this.host.onChange();
      this.onRetired?.(app, updateId, how);
    }
    return changed;
  }

  /** Set by a daemon in a fleet: a fleet update left the app's release on this host (its record says so). */
  onRetired: ((app: string, updateId: string, how: 'failed' | 'rolled_back') => void) | null = null;

  // --- what each instance runs -----------------------------------------------------------------

  private codeOf(inst: Instance): Code {
    let c = this.code.get(inst);
    if (!c) this.code.set(inst, (c = { member: false, last: null }));
    return c;
  }

  applied(inst: Instance): readonly Applied[] {
    return inst.appliedUpdates();
  }

  /** An adopted process (daemon restart) is taken to run the release until it says what it runs. */
  adopted(inst: Instance): void {
    this.code.set(inst, { member: true, last: null });
    this.join(inst);
  }

  join(inst: Instance): void {
    this.codeOf(inst).member = true;
    const set = this.members.get(inst.config.name) ?? new Set<Instance>();
    set.add(inst);
    this.members.set(inst.config.name, set);
  }

  private leave(inst: Instance): void {
    this.codeOf(inst).member = false;
    this.members.get(inst.config.name)?.delete(inst);
  }

  isMember(inst: Instance): boolean {
    return this.codeOf(inst).member;
  }

  /** Where an update goes: running instances that reached the release (not those still starting). */
  targets(app: string): Instance[] {
    return this.known(app).filter((i) => i.channel && !i.leaving && (i.status === 'online' || this.isMember(i)));
  }

  /** Processes being stopped on purpose (a reload's old worker is no longer among the app's instances). */
  leaving(app: string): Instance[] {
    return this.known(app).filter((i) => i.leaving && i.pid !== null);
  }

  private known(app: string): Instance[] {
    return [...new Set([...this.host.instancesOf(app), ...(this.members.get(app) ?? [])])];
  }

  /** The id of what the instance runs, or null when it has no runtime to ask (another interpreter). */
  codeId(inst: Instance): string | null {
    return inst.pid === null ? null : codeIdOf(this.applied(inst), this.entries(inst.config.name));
  }

  runsRelease(inst: Instance): boolean {
    return runsRelease(this.applied(inst), this.entries(inst.config.name));
  }

  /** It is online, and what it runs differs from its app's release. */
  drifts(inst: Instance): boolean {
    return inst.pid !== null && inst.status === 'online' && !this.runsRelease(inst);
  }

  // --- what instances report ---------------------------------------------------------------------

  onRuntimeMessage(inst: Instance, msg: FromRuntime): void {
    if (msg.type === 'rollback.result') return this.rollbacks.onResult(msg);
    if (msg.type === 'state') return this.onState(inst, msg);
    this.router.onRuntimeMessage(inst, msg);
    if (msg.type !== 'event' || !msg.event.update) return;
    const { event, update, update_id: id } = msg.event;
    const code = this.codeOf(inst);
    // The instance keeps what it runs (Instance.applied): completions are added there.
    if (event === 'update.completed' && id) {
      if (code.member) code.last = { update_id: id, name: update, at: Date.now() };
      this.record(inst.config.name, update, id);
      this.host.onChange();
    } else if (event === 'update.rolledback') {
      // Without an update_id only a recorded update is matched: one rolled back on its way in
      // (it failed) was never in force (audit row 4.6: an unrecorded one with an id was).
      if (id || this.entries(inst.config.name).some((u) => u.name === update)) inst.undid(update, id);
      if (msg.event.mode === 'cold') this.rollbacks.onCold(inst, update);
      this.host.onChange();
    }
  }

  /** After every attach the runtime says what it runs, and whether it still waits for its release. */
  private onState(inst: Instance, msg: Extract<FromRuntime, { type: 'state' }>): void {
    inst.runs(msg.applied.filter((a) => typeof a?.update_id === 'string' && typeof a.name === 'string'));
    if (msg.holding && this.isMember(inst)) {
      // Adopted, but started by a daemon that died before releasing it: it catches up now.
      this.leave(inst);
      this.onHeld?.(inst);
    }
    this.host.onChange();
  }

  /** Set by the supervisor: an adopted process still holds its start (catch-up.ts). */
  onHeld: ((inst: Instance) => void) | null = null;

  /** SPEC 6.3, 6.6: a process ended. An abnormal end within min_uptime of an update blames it. */
  onExit(inst: Instance, abnormal: boolean): void {
    const code = this.codeOf(inst);
    this.leave(inst);
    // Its next process starts from the code on disk (and from a fresh Code).
    this.code.delete(inst);
    this.rollbacks.onExit(inst);
    this.router.instanceExited(inst, inst.leaving);
    const last = code.last;
    if (!abnormal || !last || Date.now() - last.at > inst.config.min_uptime) return;
    this.blame(inst, last.update_id, last.name);
  }

  /** Set by the supervisor (convergence.ts): undo what is no longer in force, on every member. */
  converge: ((app: string, reason: string) => Promise<void>) | null = null;

  private blame(inst: Instance, updateId: string, name: string): void {
    const app = inst.config.name;
    if (!this.retire(app, updateId, 'failed')) return; // already out of the release
    this.host.log.write('update.failed', `update ${name} crashed ${app}[${inst.index}] within min_uptime: undone on every instance, never replayed`, {
      app, instance: inst.index, update: name, update_id: updateId, error: CRASH_BLAME,
    }, 'error');
    this.save();
    const delivery = this.router.pending(updateId, inst);
    // Still under way: the app-level verdict (app-update.ts) undoes it where it completed.
    if (delivery) return delivery.override(inst, 'failed', CRASH_BLAME);
    void this.locks.run(app, `undo of ${name}`, 'change', () => this.converge?.(app, `${name} ${CRASH_BLAME.replace('the instance', `${app}[${inst.index}]`)}`) ?? Promise.resolve());
  }

  // --- health gate and durable record ------------------------------------------------------------

  /** SPEC 6.2: an update after which the app is not healthy within health.timeout is undone. */
  private async healthGate(inst: Instance, update: string, updateId: string, sentAt: number): Promise<string | null> {
    const verdict = await checkHealthAfterUpdate(inst.config.health, this.host.log, inst.config.name, inst.index, inst.readyAt !== null && inst.readyAt >= sentAt);
    if (verdict.ok) return null;
    return this.undoIn(inst, update, updateId, verdict.reason);
  }

  /**
   * An update is completed only once state.json holds it (else a restart would silently drop it):
   * when the write fails (disk full, read-only home) it is undone in the app and failed.
   */
  private async recordOrUndo(inst: Instance, update: string, updateId: string): Promise<string | null> {
    const app = inst.config.name;
    this.record(app, update, updateId);
    try {
      this.host.saveNow();
      return null;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const reason = `the update could not be recorded: cannot write ${this.host.stateFile}: ${e.code ?? e.message}`;
      // Never in force durably: drop it rather than keep a record that says "undone".
      const book = this.entries(app);
      book.splice(0, book.length, ...book.filter((u) => !(u.update_id === updateId && u.name === update)));
      return this.undoIn(inst, update, updateId, reason);
    }
  }

  /** A completed update that may not stand in this instance: rolled back there, then failed; resolves to why. */
  async undoIn(inst: Instance, update: string, updateId: string, reason: string): Promise<string> {
    this.host.log.write('daemon.warning', `${inst.config.name}[${inst.index}]: ${reason}: rolling back ${update}`, { app: inst.config.name, instance: inst.index, update, error: reason }, 'warn');
    const [r] = await this.rollbacks.request([inst], update, reason);
    const why = `${reason}${r.ok ? '' : `; rollback failed: ${r.error}`}`;
    this.host.log.write('update.failed', `update ${update} failed on ${inst.config.name}[${inst.index}]: ${why}`, { app: inst.config.name, instance: inst.index, update, update_id: updateId, error: why }, 'error');
    if (!r.ok && inst.pid !== null) await this.host.restart(inst, `without ${update}: it could not be undone in place (${r.error})`, update);
    return why;
  }

  save(): void {
    try {
      this.host.saveNow();
    } catch (err) {
      this.host.log.write('daemon.warning', `cannot write ${this.host.stateFile}: ${(err as Error).message}`, { error: (err as Error).message }, 'warn');
    }
  }
}
