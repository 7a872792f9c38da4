// `moult update`: the daemon reads the update file (once, checked: size, signature, syntax), sends
// its source to the instances it is given, and follows each instance's events for that update
// until every update the module produced has ended there (completed, aborted, failed), or the
// instance left. Which instances, and what the app as a whole makes of their outcomes, is the
// ledger's business (updates/ledger.ts, app-update.ts): here, one delivery of one module.
import path from 'node:path';
import { keepVerified } from './stored-sources';
import crypto from 'node:crypto';
import type { UpdateOutcome, UpdateResult } from '../../protocol/control';
import type { FromRuntime, PatchSpec } from '../../protocol/runtime-channel';
import type { LogEvent } from '../../protocol/events';
import type { EventLog } from '../logs/event-log';
import type { Instance } from '../instances/instance';
import { DaemonError } from '../control/errors';
import { prepareUpdate, type UpdateJob } from './prepare';
import { Tracked, answerWithin, type Delivery, type ReadyUpdate } from './delivery';
import type { ReleaseRecord } from '../state/store';

export type { Delivery, ReadyUpdate } from './delivery';
export type { UpdateJob } from './prepare';

const OUTCOME: Partial<Record<string, UpdateOutcome>> = {
  'update.completed': 'completed',
  'update.aborted': 'aborted',
  'update.failed': 'failed',
};

export interface UpdateOrigin {
  file: string;
  sha256: string;
  stored?: string;
  patch?: PatchSpec;
  release?: ReleaseRecord;
}

/** Copies an update's source under $MOULT_HOME/updates/ (once per content), to replay it later. */
function keepSource(dir: string, sha256: string, file: string, source: string, log: EventLog): string | undefined {
  try {
    return keepVerified(dir, sha256, path.extname(file), source);
  } catch (err) {
    log.write('daemon.warning', `cannot keep a copy of ${file}: ${(err as Error).message}`, { error: (err as Error).message }, 'warn');
    return undefined;
  }
}


export class UpdateRouter {
  /** Deliveries under way, by update id (one module may be on its way into several instances at once). */
  private readonly active = new Map<string, Set<Tracked>>();
  /** Small records only: the source itself is kept on disk (`stored`), not in the daemon's memory. */
  private readonly origins = new Map<string, UpdateOrigin>();

  /** Where an update came from, by update_id, and where its source is kept for replays. */
  origin(updateId: string): UpdateOrigin | undefined {
    return this.origins.get(updateId);
  }

  /**
   * Runs after an update completed in an instance; resolves to why it had to be undone, or null.
   * Set by the ledger (health checks need the app's config, and the record is the ledger's).
   */
  gate: ((inst: Instance, update: string, updateId: string, sentAt: number) => Promise<string | null>) | null = null;

  /** daemon.trusted_keys: when not empty, only signed updates and patches are applied. */
  trustedKeys: readonly string[] = [];

  constructor(private readonly log: EventLog, private readonly storeDir: string) {}

  /** Messages from runtimes that concern an update in flight. */
  onRuntimeMessage(inst: Instance, msg: FromRuntime): void {
    if (msg.type !== 'update.loaded' && msg.type !== 'event') return;
    const id = msg.type === 'update.loaded' ? msg.update_id : msg.event.update_id;
    if (!id) return;
    for (const d of this.active.get(id) ?? []) if (d.tracks.has(inst)) this.onMessage(d, inst, msg);
  }

  /** An instance's process ended: every delivery still waiting for it hears of it. */
  instanceExited(inst: Instance, onPurpose: boolean): void {
    for (const set of [...this.active.values()]) for (const d of [...set]) d.exited(inst, onPurpose);
  }

  /** An update refused before it reached the app: an update.rejected warn line (`detail`: the longer why). */
  logRejected(app: string, name: string, reason: string, detail?: string, file?: string): void {
    this.log.write('update.rejected', `update ${name} for ${app} rejected: ${detail ?? reason}`, { app, update: name, ...(file ? { file } : {}), reason }, 'warn');
  }

  /** The delivery of this update id that is still waiting for `inst`, if any. */
  pending(updateId: string, inst: Instance): Delivery | undefined {
    return [...this.active.get(updateId) ?? []].find((d) => d.tracks.has(inst));
  }

  /**
   * Reads and checks the update (refusals: `update.rejected` and an error for the sender, exit 2),
   * keeps a copy of its source for replays, and logs `update.received`. Nothing is sent yet.
   */
  prepare(job: UpdateJob): ReadyUpdate {
    const name = job.release ? `release:${job.file}` : job.patch ? `patch:${job.patch.target ?? path.basename(job.file)}` : path.basename(job.file).replace(/\.[^.]+$/, '');
    // Every refusal: an update.rejected warn line, and an error to the sender (exit 2).
    const reject = (reason: string, message: string): never => {
      this.logRejected(job.app, name, reason, undefined, job.file);
      throw new DaemonError('EBADFILE', message);
    };
    const { original, sha256, source, files } = prepareUpdate(job, this.trustedKeys, reject);
    const update_id = job.replay?.update_id ?? job.update_id ?? crypto.randomUUID();
    const stored = keepSource(this.storeDir, sha256, job.patch?.release ? 'release.json' : job.file, original, this.log);
    this.origins.set(update_id, { file: job.file, sha256, ...(stored ? { stored } : {}), ...(job.patch ? { patch: job.patch } : {}), ...(job.release ? { release: job.release.record } : {}) });
    if (!job.replay) this.log.write('update.received', `update ${name} for ${job.app} received (${job.file})`, { app: job.app, update: name, update_id, file: job.file, sha256 });
    return { job, name, source, files, sha256, update_id };
  }

  /** Sends a prepared update to these instances and follows it in each until it is over there. */
  deliver(prepared: ReadyUpdate, instances: Instance[], progress: (e: LogEvent) => void): Delivery {
    const { job, update_id, name, source, files } = prepared;
    const unsubscribe = this.log.subscribe((e) => {
      if (e.update_id === update_id && e.app === job.app) d.progress(e);
    });
    const d: Tracked = new Tracked(prepared, instances, progress, (over) => {
      unsubscribe();
      const set = this.active.get(update_id);
      set?.delete(over);
      if (set && !set.size) this.active.delete(update_id);
    });
    const set = this.active.get(update_id) ?? new Set<Tracked>();
    set.add(d);
    this.active.set(update_id, set);
    for (const t of d.tracks.values()) {
      if (!t.inst.send({ type: 'update', update_id, file: job.file, name, source, ...(Object.keys(files).length ? { files } : {}), ...(job.manager ? { manager: job.manager } : {}), ...(job.replay ? { replay: true } : {}), ...(job.patch ? { patch: job.patch } : {}) })) {
        t.rejected = 'the instance is not attached';
      }
    }
    d.check();
    return d;
  }

  /**
   * prepare + deliver, answering when every instance is done or after `timeoutMs` (the update goes
   * on in the app). For the ledger's own uses: replays and catch-ups into one starting instance.
   */
  async route(job: UpdateJob, instances: Instance[], progress: (e: LogEvent) => void): Promise<UpdateResult> {
    const prepared = this.prepare(job);
    if (!instances.some((i) => i.channel)) throw new DaemonError('ENOTRUNNING', `no instance of ${job.app} is online`);
    const d = this.deliver(prepared, instances, progress);
    return answerWithin(d, job.wait ? job.timeoutMs : 0);
  }

  private onMessage(d: Tracked, inst: Instance, msg: Extract<FromRuntime, { type: 'update.loaded' | 'event' }>): void {
    const t = d.tracks.get(inst)!;
    const { job } = d;
    if (msg.type === 'update.loaded') t.loaded = msg.updates;
    else if (msg.event.event === 'update.rejected') t.rejected = msg.event.reason ?? 'rejected';
    else {
      // A replay ends with update.replayed, which the runtime emits right after completed.
      const kind = job.replay && msg.event.event === 'update.replayed' ? 'update.completed'
        : job.replay && msg.event.event === 'update.completed' ? '' : msg.event.event;
      const outcome = OUTCOME[kind];
      const updateName = msg.event.update;
      if (outcome === 'completed' && updateName && !job.replay && !job.beforeOnline && this.gate) {
        // Completed only once the app proves healthy; else it is rolled back and failed.
        t.outcomes.delete(updateName);
        void this.gate(inst, updateName, d.update_id, d.sentAt).then((failure) => {
          if (t.outcomes.has(updateName)) return; // an app-level verdict came first
          t.outcomes.set(updateName, failure ? { outcome: 'rolledback', error: failure } : { outcome: 'completed' });
          d.check();
        });
        return;
      }
      if (outcome && updateName && !t.outcomes.has(updateName)) t.outcomes.set(updateName, { outcome, ...(msg.event.error ? { error: msg.event.error } : {}) });
    }
    d.check();
  }
}
