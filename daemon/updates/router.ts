// `moult update`: the daemon reads the update file, sends its source to every online instance of
// the app, and follows each instance's events for that update until every update the module
// produced has ended (completed, aborted, failed) or the client's timeout runs out. Who gets an
// update is receivers(), a pure function of its own (test/unit/update-admission.test.mjs).
import path from 'node:path';
import { keepVerified } from './stored-sources';
import crypto from 'node:crypto';
import type { InstanceUpdateResult, UpdateOutcome, UpdateResult } from '../../protocol/control';
import type { FromRuntime, PatchSpec } from '../../protocol/runtime-channel';
import type { LogEvent } from '../../protocol/events';
import type { EventLog } from '../logs/event-log';
import type { Instance } from '../instances/instance';
import { DaemonError } from '../control/errors';
import { prepareUpdate, type UpdateJob } from './prepare';
import type { ReleaseRecord } from '../state/store';

const OUTCOME: Partial<Record<string, UpdateOutcome>> = {
  'update.completed': 'completed',
  'update.aborted': 'aborted',
  'update.failed': 'failed',
};

interface Tracking {
  inst: Instance;
  loaded: string[] | null;
  outcomes: Map<string, { outcome: UpdateOutcome; error?: string }>;
  rejected?: string;
}

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

export type { UpdateJob } from './prepare';

/**
 * The instances an update is sent to: those online with a runtime channel; a replay, or a fleet
 * release before the app is online, also reaches those still starting. None: ENOTRUNNING.
 */
export function receivers<I extends Pick<Instance, 'channel' | 'status'>>(instances: I[], job: Pick<UpdateJob, 'replay' | 'beforeOnline'>): I[] {
  return instances.filter((i) => i.channel && (i.status === 'online' || job.replay || job.beforeOnline));
}

export class UpdateRouter {
  private readonly active = new Map<string, (inst: Instance, msg: Extract<FromRuntime, { type: 'update.loaded' | 'event' }>) => void>();
  /** Small records only: the source itself is kept on disk (`stored`), not in the daemon's memory. */
  private readonly origins = new Map<string, UpdateOrigin>();

  /** Where an update came from, by update_id, and where its source is kept for replays. */
  origin(updateId: string): UpdateOrigin | undefined {
    return this.origins.get(updateId);
  }

  /**
   * Runs after an update completed in an instance; resolves to why it had to be undone, or null.
   * Set by the supervisor (health checks need the app's config and the rollback channel).
   */
  gate: ((inst: Instance, update: string, updateId: string, sentAt: number) => Promise<string | null>) | null = null;

  /** daemon.trusted_keys: when not empty, only signed updates and patches are applied. */
  trustedKeys: readonly string[] = [];

  constructor(private readonly log: EventLog, private readonly storeDir: string) {}

  /** Messages from runtimes that concern an update in flight. */
  onRuntimeMessage(inst: Instance, msg: FromRuntime): void {
    if (msg.type !== 'update.loaded' && msg.type !== 'event') return;
    const id = msg.type === 'update.loaded' ? msg.update_id : msg.event.update_id;
    if (id) this.active.get(id)?.(inst, msg);
  }

  /** An update refused before it reached the app: an update.rejected warn line (`detail`: the longer why). */
  logRejected(app: string, name: string, reason: string, detail?: string, file?: string): void {
    this.log.write('update.rejected', `update ${name} for ${app} rejected: ${detail ?? reason}`, { app, update: name, ...(file ? { file } : {}), reason }, 'warn');
  }

  async route(job: UpdateJob, instances: Instance[], progress: (e: LogEvent) => void): Promise<UpdateResult> {
    const name = job.release ? `release:${job.file}` : job.patch ? `patch:${job.patch.target ?? path.basename(job.file)}` : path.basename(job.file).replace(/\.[^.]+$/, '');
    // Every refusal: an update.rejected warn line, and an error to the sender (exit 2).
    const reject = (reason: string, message: string): never => {
      this.logRejected(job.app, name, reason, undefined, job.file);
      throw new DaemonError('EBADFILE', message);
    };
    const { original, sha256, source, files } = prepareUpdate(job, this.trustedKeys, reject);
    const online = receivers(instances, job);
    if (!online.length) throw new DaemonError('ENOTRUNNING', `no instance of ${job.app} is online`);
    const update_id = job.replay?.update_id ?? job.update_id ?? crypto.randomUUID();
    const stored = keepSource(this.storeDir, sha256, job.patch?.release ? 'release.json' : job.file, original, this.log);
    this.origins.set(update_id, { file: job.file, sha256, ...(stored ? { stored } : {}), ...(job.patch ? { patch: job.patch } : {}), ...(job.release ? { release: job.release.record } : {}) });
    if (!job.replay) this.log.write('update.received', `update ${name} for ${job.app} received (${job.file})`, { app: job.app, update: name, update_id, file: job.file, sha256 });
    const tracks = new Map<Instance, Tracking>(online.map((inst) => [inst, { inst, loaded: null, outcomes: new Map() }]));

    const result = (): UpdateResult => ({
      update_id, app: job.app, file: job.file, sha256,
      instances: [...tracks.values()].map((t): InstanceUpdateResult => ({
        instance: t.inst.index,
        pid: t.inst.pid,
        answered: t.loaded !== null || t.rejected !== undefined,
        ...(t.rejected ? { rejected: t.rejected } : {}),
        updates: (t.loaded ?? []).map((n) => ({ name: n, outcome: t.outcomes.get(n)?.outcome ?? 'pending', ...(t.outcomes.get(n)?.error ? { error: t.outcomes.get(n)!.error } : {}) })),
      })),
    });
    const settled = (t: Tracking): boolean => t.rejected !== undefined || (t.loaded !== null && t.loaded.every((n) => t.outcomes.has(n)));

    return new Promise<UpdateResult>((resolve) => {
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        this.active.delete(update_id);
        unsubscribe();
        resolve(result());
      };
      const check = (): void => {
        if (job.wait && [...tracks.values()].every(settled)) finish();
      };
      const unsubscribe = this.log.subscribe((e) => {
        if (e.update_id === update_id && e.app === job.app) progress(e);
        if (e.event === 'app.exited' && e.app === job.app) {
          for (const t of tracks.values()) {
            if (t.inst.index !== e.instance || settled(t)) continue;
            if (t.loaded === null) t.rejected = 'the instance exited before loading the update';
            else for (const n of t.loaded) if (!t.outcomes.has(n)) t.outcomes.set(n, { outcome: 'failed', error: 'the instance exited' });
          }
          check();
        }
      });
      this.active.set(update_id, (inst, msg) => {
        const t = tracks.get(inst);
        if (!t) return;
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
            void this.gate(inst, updateName, update_id, sentAt).then((failure) => {
              t.outcomes.set(updateName, failure ? { outcome: 'rolledback', error: failure } : { outcome: 'completed' });
              check();
            });
            return;
          }
          if (outcome && updateName) t.outcomes.set(updateName, { outcome, ...(msg.event.error ? { error: msg.event.error } : {}) });
        }
        check();
      });
      const sentAt = Date.now();
      const timer = setTimeout(finish, job.wait ? job.timeoutMs : 0);
      for (const t of tracks.values()) {
        t.inst.send({ type: 'update', update_id, file: job.file, name, source, ...(Object.keys(files).length ? { files } : {}), ...(job.manager ? { manager: job.manager } : {}), ...(job.replay ? { replay: true } : {}), ...(job.patch ? { patch: job.patch } : {}) });
      }
    });
  }
}
