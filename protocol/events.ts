// The structured log's vocabulary (SPEC section 4). Every line of logs/moultd.log is a LogEvent;
// the runtime emits the update and task events, the daemon the process ones.

export type ProcessEventName =
  | 'daemon.started' | 'daemon.stopped' | 'daemon.warning' | 'runtime.warning'
  | 'app.started' | 'app.online' | 'app.ready' | 'app.exited' | 'app.restarted' | 'app.errored'
  | 'app.stopped' | 'app.adopted' | 'app.deleted' | 'app.log'
  | 'daemon.saved' | 'daemon.resurrected'
  | 'cluster.primary' | 'app.reloaded'
  /** A log file passed daemon.logs.max_size and was rotated (`file`, `reason`: how). */
  | 'log.rotated'
  /**
   * SPEC 6.6: a starting process held its servers until the app's release was reached
   * (`held_ms`, `servers`, `connections`), or stopped waiting for it (`runtime.hold.timeout`);
   * `app.drift`: an instance runs other code than its app's release (`release`, `error`: why).
   */
  | 'runtime.hold.released' | 'runtime.hold.timeout' | 'app.drift'
  /**
   * SPEC 6.7: a module the load-time rewrite could not handle loads as written (`file`, `line`,
   * `reason`); its functions are then reached through the LiveEdit fallback.
   */
  | 'instrument.skipped'
  /** SPEC 6.5: the runtime saw the app's start-up end (what ran during it is told apart from what runs later). */
  | 'runtime.startup';

export type UpdateEventName =
  | 'update.received' | 'update.rejected' | 'update.queued' | 'update.begin' | 'update.postponed'
  | 'update.aborted' | 'update.point.arrived' | 'update.alterability.reached' | 'update.applied'
  | 'update.over' | 'update.completed' | 'update.rolledback' | 'update.failed' | 'update.replayed'
  | 'task.suspended' | 'task.already_suspended' | 'task.resumed' | 'task.rebooted'
  /** SPEC 6.6: an update, patch or rollback waits for the release change under way in its app (`reason`). */
  | 'update.waiting';

/** SPEC 8: a daemon's part in a fleet (carry `rollout` and `host`). */
export type FleetEventName = 'fleet.joined' | 'fleet.left' | 'fleet.order' | 'fleet.result';

export type EventName = ProcessEventName | UpdateEventName | FleetEventName;

export type Level = 'debug' | 'info' | 'warn' | 'error';

/** Fields any event may carry; which ones apply depends on `event`. */
export interface EventFields {
  app?: string;
  instance?: number;
  pid?: number;
  seq?: number;
  update?: string;
  update_id?: string;
  manager?: string;
  task?: string;
  point?: string;
  reason?: string;
  error?: string;
  mode?: 'hot' | 'cold';
  steps?: number;
  code?: number | null;
  signal?: string | null;
  restarts?: number;
  delay_ms?: number;
  file?: string;
  /** 1-based line in `file` (instrument.skipped: where the rewrite or the parser failed). */
  line?: number;
  sha256?: string;
  tries?: number;
  /** How an update reached the code: `slot` (load-time indirection), `liveedit` (V8 fallback), or both. */
  via?: string;
  /** A release (SPEC 6.5): the path each file took, and the package versions it moved. */
  files?: { file: string; via: string }[];
  packages?: { name: string; path: string; from: string | null; to: string }[];
  /** Fleet events: the rollout and this daemon's host name. */
  rollout?: string;
  host?: string;
  outcome?: string;
  /** SPEC 6.6: a release id (a hash of the app's completed updates, in order). */
  release?: string;
  held_ms?: number;
  servers?: number;
  connections?: number;
}

/** What every event may carry: who emitted it (an app's instance, a fleet host) and its order. */
type Origin = Pick<EventFields, 'app' | 'instance' | 'pid' | 'seq' | 'host' | 'rollout'>;
/** What every update event may carry: which update, through which manager, reached how. */
type OfUpdate = Pick<EventFields, 'update' | 'update_id' | 'manager' | 'sha256' | 'file' | 'via' | 'tries' | 'reason'>;
type Only<K extends keyof EventFields> = Pick<EventFields, K>;

/**
 * The fields each event carries (SPEC 4), beyond its origin: a writer (the daemon's `log.write`, the
 * runtime's `emit`) is checked against its event's row, so that a reader can rely on, say,
 * `app.exited` carrying `code` and `signal` and nothing of an update's. Warnings carry what they
 * are about, hence everything.
 */
export interface FieldsByEvent {
  'daemon.started': Only<'file'>;
  'daemon.stopped': Only<'reason' | 'signal'>;
  'daemon.warning': EventFields;
  'runtime.warning': EventFields;
  'daemon.saved': Only<'file'>;
  'daemon.resurrected': Only<'file'>;
  'app.started': Only<'reason' | 'update' | 'file'>;
  'app.online': Only<'reason'>;
  'app.ready': Only<'reason'>;
  'app.exited': Only<'code' | 'signal' | 'reason' | 'error'>;
  'app.restarted': Only<'restarts' | 'delay_ms' | 'reason' | 'update'>;
  'app.errored': Only<'restarts' | 'reason' | 'error'>;
  'app.stopped': Only<'reason' | 'code' | 'signal'>;
  'app.adopted': Only<'reason'>;
  'app.deleted': Only<'reason'>;
  'app.log': Only<'task'>;
  'app.reloaded': Only<'reason'>;
  'cluster.primary': Only<'reason' | 'error'>;
  'log.rotated': Only<'file' | 'reason'>;
  'instrument.skipped': Only<'file' | 'line' | 'reason'>;
  'runtime.startup': Only<'reason'>;
  'runtime.hold.released': Only<'held_ms' | 'servers' | 'connections'>;
  'runtime.hold.timeout': Only<'held_ms'>;
  'app.drift': Only<'release' | 'error'>;
  'update.received': OfUpdate;
  'update.rejected': OfUpdate & Only<'error'>;
  'update.queued': OfUpdate;
  'update.begin': OfUpdate;
  'update.postponed': OfUpdate;
  'update.aborted': OfUpdate;
  'update.point.arrived': OfUpdate & Only<'task' | 'point'>;
  'update.alterability.reached': OfUpdate;
  'update.applied': OfUpdate & Only<'files' | 'packages'>;
  'update.over': OfUpdate;
  'update.completed': OfUpdate & Only<'files' | 'packages'>;
  'update.rolledback': OfUpdate & Only<'mode' | 'steps' | 'error'>;
  'update.failed': OfUpdate & Only<'error' | 'task'>;
  'update.replayed': OfUpdate;
  'update.waiting': OfUpdate;
  'task.suspended': OfUpdate & Only<'task' | 'point'>;
  'task.already_suspended': OfUpdate & Only<'task' | 'point'>;
  'task.resumed': OfUpdate & Only<'task' | 'point'>;
  'task.rebooted': OfUpdate & Only<'task' | 'point'>;
  'fleet.joined': Only<'reason'>;
  'fleet.left': Only<'reason' | 'error'>;
  'fleet.order': OfUpdate & Only<'outcome'>;
  'fleet.result': OfUpdate & Only<'outcome' | 'error'>;
}

/** The fields a writer may give `event`. */
export type FieldsOf<E extends EventName> = Origin & FieldsByEvent[E];

/** An event's level when its writer does not say: a warning warns, a failure is an error. */
export function defaultLevel(event: EventName): Level {
  switch (event) {
    case 'daemon.warning': case 'runtime.warning': case 'update.rejected': case 'app.drift': case 'runtime.hold.timeout': return 'warn';
    case 'update.failed': case 'app.errored': return 'error';
    case 'runtime.startup': return 'debug';
    default: return 'info';
  }
}

export interface LogEvent extends EventFields {
  event: EventName;
  level: Level;
  msg: string;
}

/** Events that end an update's life in one instance. */
export const TERMINAL_UPDATE_EVENTS: ReadonlySet<EventName> = new Set<EventName>([
  'update.completed', 'update.aborted', 'update.failed', 'update.rejected', 'update.rolledback',
]);
