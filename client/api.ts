// The programmatic client (`import { connect } from 'moult'`, `require('moult')`), for scripts
// as pm2's `pm2.connect()` / `pm2.list()` are used: every verb of the CLI as a promise, errors as
// MoultError with the daemon's `code`, and the structured log as an async iterator. The in-app
// runtime stays at `moult/runtime`.
//
// Importing this module must stay cheap (scripts and health checks import it): it loads the
// socket client, the ecosystem loader and the history reader only when a call needs them.
import path from 'node:path';
import type { AppConfig, ConfigWarning } from '../protocol/config-types';
import type {
  StartExisting,
  AppDetails, InstanceInfo, ResurrectResult, RollbackOutcome, SaveResult, SettingsOutcome, UpdateResult,
} from '../protocol/control';
import type { LogEvent } from '../protocol/events';
import type { DaemonClient } from './daemon-client';
import type { EventStream, EventStreamOptions } from './event-stream';
import type { HistoryEntry } from './verbs/history';
import { isErrorCode, MoultError } from '../protocol/errors';

export type {
  AppConfig, AppDetails, ConfigWarning, EventStreamOptions, HistoryEntry, InstanceInfo, LogEvent, ResurrectResult, RollbackOutcome, SaveResult, UpdateResult,
};
export type { EventStream };

/**
 * What went wrong, with a stable `code` from one registry (protocol/errors.ts `ERROR_CODES`): the
 * daemon's (`ENOAPP` unknown app, `ECONFIG` bad ecosystem, `EUSAGE` bad argument, `ENOTRUNNING`,
 * `ENODUMP`, …), the client's (`ENODAEMON`, `EDAEMONSTART`, `ECLOSED`), or the runtime's.
 */
export { MoultError, ERROR_CODES, type ErrorCode } from '../protocol/errors';

export interface ConnectOptions {
  /** MOULT_HOME of the daemon to talk to (default: $MOULT_HOME, else ~/.moult). */
  home?: string;
  /** Start the daemon in the background if none answers (default true, as the CLI does). */
  autostart?: boolean;
}

export interface StartOptions {
  /** `env_<profile>` to merge (`--env`), for ecosystem files and app objects. */
  env?: string;
  /** For a script: the app's name, instances and arguments (the CLI's --name, -i, `-- args`). */
  name?: string;
  instances?: number | 'max';
  args?: string[];
  /** Where relative paths start (default: process.cwd()). */
  cwd?: string;
}

export interface StartResult {
  started: string[];
  /** pm2 fields that were accepted and ignored, by JSON path. */
  warnings: ConfigWarning[];
  /** An ecosystem file's daemon settings (trusted_keys, fleet): recorded, kept (they differ), same. */
  daemon_settings?: SettingsOutcome;
}

export interface UpdateOptions {
  manager?: string;
  /** Wait for the outcome (default true) up to timeoutMs (default 60 s). */
  wait?: boolean;
  timeoutMs?: number;
  /** Each event of the update as it happens. */
  onEvent?: (e: LogEvent) => void;
}

/** An app as pm2 users write it: the fields of one `apps[]` entry of an ecosystem file. */
export type AppInput = Record<string, unknown> & { name: string; script: string };

function toMoultError(err: unknown): MoultError {
  if (err instanceof MoultError) return err;
  const e = err as { code?: unknown; exitCode?: unknown; message?: unknown };
  const code = isErrorCode(e?.code) ? e.code : e?.exitCode === 2 ? 'EUSAGE' : 'EFAILED';
  return new MoultError(code, typeof e?.message === 'string' ? e.message : String(err), { cause: err });
}

/** Connects to the daemon of `home` (starting it unless `autostart: false`). */
export async function connect(opts: ConnectOptions = {}): Promise<MoultClient> {
  const { DaemonClient: Client } = require('./daemon-client') as typeof import('./daemon-client');
  let c: DaemonClient | null;
  try {
    c = await Client.open({ autostart: opts.autostart !== false, home: opts.home });
  } catch (err) {
    throw toMoultError(err);
  }
  if (!c) throw new MoultError('ENODAEMON', 'no daemon is running');
  return new MoultClient(c);
}

export class MoultClient {
  /** @internal use connect() */
  constructor(private readonly c: DaemonClient) {}

  /** The MOULT_HOME this client talks to. */
  get home(): string {
    return this.c.home.root;
  }

  private async call<T>(body: Parameters<DaemonClient['request']>[0], onEvent?: (e: LogEvent) => void): Promise<T> {
    try {
      return await this.c.request<T>(body, onEvent);
    } catch (err) {
      throw toMoultError(err);
    }
  }

  /** Every instance of every app (`moult ls --json`). */
  list(): Promise<InstanceInfo[]> {
    return this.call<InstanceInfo[]>({ verb: 'ls' });
  }

  /**
   * Starts an ecosystem file (.json, .yaml/.yml, *.config.{js,cjs,mjs}), a script, app objects
   * written as in an ecosystem file, or (a name or id) a known app that is stopped.
   */
  async start(what: string | AppInput | AppInput[], opts: StartOptions = {}): Promise<StartResult> {
    const cwd = opts.cwd ?? process.cwd();
    let apps: AppConfig[];
    let warnings: ConfigWarning[];
    let existing: StartExisting = 'restart';
    let settings = {};
    try {
      if (typeof what === 'string') {
        const { planStart } = require('./verbs/start') as typeof import('./verbs/start');
        const fields = { ...(opts.name !== undefined ? { name: opts.name } : {}), ...(opts.instances !== undefined ? { instances: opts.instances } : {}) };
        let plan = planStart(what, { fields, env: opts.env, args: opts.args ?? [] }, cwd);
        if (plan.kind === 'known') {
          try {
            return { started: (await this.call<{ started: string[] }>({ verb: 'start-app', target: plan.target })).started, warnings: [] };
          } catch (err) {
            if (!(err instanceof MoultError && err.code === 'ENOAPP') || !plan.fallback) throw err;
            plan = plan.fallback;
          }
        }
        if (plan.kind !== 'apps') throw toMoultError(new Error(`${what}: not an app`));
        ({ apps, warnings } = plan);
        existing = plan.existing;
        // The file's daemon settings, as `moult start` offers them (never replacing recorded ones).
        if (plan.daemon) settings = { daemon: plan.daemon, ...(plan.file ? { daemon_file: plan.file } : {}) };
      } else {
        const { parseEcosystem } = require('../config/ecosystem') as typeof import('../config/ecosystem');
        ({ apps, warnings } = parseEcosystem({ apps: Array.isArray(what) ? what : [what] }, path.join(cwd, 'ecosystem.json'), { env: opts.env }));
      }
    } catch (err) {
      throw toMoultError(err);
    }
    const r = await this.call<{ started: string[]; daemon_settings?: SettingsOutcome }>({ verb: 'start', apps, existing, ...settings });
    return { started: r.started, warnings, ...(r.daemon_settings ? { daemon_settings: r.daemon_settings } : {}) };
  }

  stop(target: string): Promise<string[]> {
    return this.call<{ stopped: string[] }>({ verb: 'stop', target }).then((r) => r.stopped);
  }

  /** `updateEnv: true` gives the apps this process's environment (pm2's --update-env). */
  restart(target: string, opts: { updateEnv?: boolean } = {}): Promise<string[]> {
    const env = opts.updateEnv ? (require('./own-env') as typeof import('./own-env')).ownEnvironment() : undefined;
    return this.call<{ restarted: string[] }>({ verb: 'restart', target, ...(env ? { env } : {}) }).then((r) => r.restarted);
  }

  /** Zero-downtime restart with the code on disk (the daemon's `reload` verb). */
  reload(target: string): Promise<unknown> {
    return this.call({ verb: 'reload', target } as unknown as Parameters<DaemonClient['request']>[0]);
  }

  delete(target: string): Promise<string[]> {
    return this.call<{ deleted: string[] }>({ verb: 'delete', target }).then((r) => r.deleted);
  }

  /** Applies an update module to every instance of the app; resolves with each instance's outcome. */
  update(app: string, file: string, opts: UpdateOptions = {}): Promise<UpdateResult> {
    return this.call<UpdateResult>({ verb: 'update', app, file: path.resolve(file), ...(opts.manager ? { manager: opts.manager } : {}), wait: opts.wait !== false, timeoutMs: opts.timeoutMs ?? 60_000 }, opts.onEvent);
  }

  /** Replaces a loaded module's code in place (`moult patch`). */
  patch(app: string, file: string, opts: Omit<UpdateOptions, 'manager'> & { target?: string } = {}): Promise<UpdateResult> {
    return this.call<UpdateResult>({ verb: 'patch', app, file: path.resolve(file), ...(opts.target ? { target: opts.target } : {}), wait: opts.wait !== false, timeoutMs: opts.timeoutMs ?? 60_000 }, opts.onEvent);
  }

  rollback(app: string, update?: string): Promise<RollbackOutcome[]> {
    return this.call<RollbackOutcome[]>({ verb: 'rollback', app, ...(update ? { update } : {}) });
  }

  /** The update timeline of each instance of the app (`moult history --json`). */
  async history(app: string): Promise<HistoryEntry[]> {
    const [d] = /^\d+$/.test(app) ? await this.call<AppDetails[]>({ verb: 'describe', target: app }) : [];
    const { readHistory } = require('./verbs/history') as typeof import('./verbs/history');
    return readHistory(this.c.home, d?.name ?? app);
  }

  async describe(target: string): Promise<AppDetails> {
    const [d] = await this.call<AppDetails[]>({ verb: 'describe', target });
    return d!;
  }

  /** Empties the log files of an app, or of all; resolves with the files emptied. */
  flush(target = 'all'): Promise<string[]> {
    return this.call<{ flushed: string[] }>({ verb: 'flush', target }).then((r) => r.flushed);
  }

  save(): Promise<SaveResult> {
    return this.call<SaveResult>({ verb: 'save' });
  }

  resurrect(): Promise<ResurrectResult> {
    return this.call<ResurrectResult>({ verb: 'resurrect' });
  }

  /** Stops every app and the daemon (`moult kill`). */
  async kill(): Promise<void> {
    await this.call({ verb: 'kill' }).catch((err: MoultError) => { if (err.code !== 'ECLOSED') throw err; });
  }

  /** The structured log as it is written (from now on, unless `from: 'start'`); `break` or close() ends it. */
  events(opts: EventStreamOptions = {}): EventStream {
    const { EventStream: Stream } = require('./event-stream') as typeof import('./event-stream');
    return new Stream(this.c.home.eventLog, opts);
  }

  /** Closes the connection (the daemon and its apps keep running). */
  close(): void {
    this.c.close();
  }
}
