// A host's part in a fleet (SPEC 8): its record under a lease (kept current), and what etcd says
// about its apps and its orders, watched and read afresh at every (re)connect and whenever the etcd
// turns out to be a new or restored one (protocol/fleet-watch.ts; audit row 3d). Each app has a
// reconcile loop (reconciler.ts) that brings it to what etcd says, one action at a time; this file
// keeps the view those loops read, and pokes them when it changes. What applying and undoing mean
// is given by the caller (the daemon's update path; an instant stub in bench/fleet).
import type { Etcd3, Lease } from 'etcd3';
import {
  fleetKeys, type FleetKeys, type HostRecord, type MemberRecord, type Order, type OrderResult, type ReleaseEntry,
  type ResultAction, type RetiredEntry, type RolloutPointer,
} from '../../protocol/fleet';
import { FreshWatch, readAll, type WatchSpec } from '../../protocol/fleet-watch';
import { checkResult } from '../../protocol/fleet-records';
import { checkOrder, checkPointer, checkRelease, checkRetired, checkStoredUpdate, type Checked } from './etcd-records';
import type { OrderSeen } from './desired-state';
import { Reconciler, type ReconcileContext } from './reconciler';
import type { AgentDeps } from './host-port';

export type { AgentDeps, HostMemory } from './host-port';

export interface AgentOptions {
  host: string;
  labels: Record<string, string>;
  prefix: string;
  moult: string;
  leaseTtlS?: number;
  /** How often the host record is refreshed from the snapshot (0: never after joining). */
  refreshMs?: number;
  /** How often etcd is looked at for a new etcd, and every app reconciled (a backstop to the watches). */
  resyncMs?: number;
}

interface AppView {
  release: Checked<ReleaseEntry[]>;
  retired: RetiredEntry[];
  pointer: RolloutPointer | null;
}

export class FleetAgent {
  private readonly keys: FleetKeys;
  private lease: Lease | null = null;
  private watch: FreshWatch | null = null;
  private timers: NodeJS.Timeout[] = [];
  private lastRecord = '';
  private lastMember = '';
  private stopped = false;
  private joined = false;
  private synced: (() => void) | null = null;
  private readonly firstSync: Promise<void>;
  private readonly orders = new Map<string, Checked<Order>>();
  /** This host's results by `<rollout>/<action>`: read once per order, kept as written. */
  private readonly results = new Map<string, OrderResult | null>();
  private readonly views = new Map<string, AppView>();
  private readonly loops = new Map<string, Reconciler>();

  constructor(private readonly client: Etcd3, private readonly opts: AgentOptions, private readonly deps: AgentDeps) {
    this.keys = fleetKeys(opts.prefix);
    this.firstSync = new Promise((r) => { this.synced = r; });
  }

  async start(): Promise<void> {
    await this.publish(true);
    await this.watch?.stop(); // an earlier attempt that failed half-way
    const specs: WatchSpec[] = [{ prefix: this.keys.orders(this.opts.host) }, { prefix: this.keys.apps }];
    this.watch = new FreshWatch(this.client, specs, this.keys.epoch, {
      reset: (spec, kvs) => this.reset(spec, kvs),
      put: (k, v) => this.put(k, v),
      del: (k) => this.del(k),
      renewed: (why) => {
        this.deps.event('daemon.warning', `fleet: etcd is not the one it was (${why}): its keys are read again and watched from now`, { host: this.opts.host, reason: why }, 'warn');
        this.lastRecord = '';
        void this.publish(true).catch(() => {});
      },
    });
    await this.watch.start();
    this.synced?.();
    const every = this.opts.refreshMs ?? 2000;
    if (every > 0) this.timers.push(setInterval(() => void this.publish(false).catch(() => {}), every));
    const resync = this.opts.resyncMs ?? 30_000;
    if (resync > 0) this.timers.push(setInterval(() => { void this.watch?.check().catch(() => {}); this.pokeAll(); }, resync));
    for (const t of this.timers) t.unref();
    this.pokeAll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const l of this.loops.values()) l.stop();
    await this.watch?.stop().catch(() => {});
    if (this.lease && this.joined) {
      await this.lease.revoke().catch(() => {});
      this.deps.event('fleet.left', `left the fleet as ${this.opts.host}`, { host: this.opts.host });
    }
  }

  /** The host record again, now, and every app reconciled (an app came online, an update completed). */
  refresh(): void {
    if (!this.joined) return;
    void this.publish(false).catch(() => {});
    this.pokeAll();
  }

  /** The app's fleet release once the agent read etcd (waiting up to `waitMs` for that), or null. */
  async releaseOf(app: string, waitMs: number): Promise<ReleaseEntry[] | null> {
    await Promise.race([this.firstSync, new Promise((r) => setTimeout(r, waitMs).unref())]);
    const v = this.views.get(app);
    if (!v) return this.watch ? [] : null;
    return v.release.ok ? v.release.value : null;
  }

  /** Writes the host record (under the lease, a new one if it was lost) when it changed. */
  private async publish(force: boolean): Promise<void> {
    if (this.stopped) return;
    const apps = await this.deps.snapshot();
    for (const [app, a] of Object.entries(apps)) {
      const failed = this.deps.memory.failedHere(app);
      if (failed.length) a.failed_here = failed.map((f) => ({ update_id: f.update_id, error: f.error }));
    }
    const record: HostRecord = { host: this.opts.host, labels: this.opts.labels, moult: this.opts.moult, node: process.version, pid: process.pid, apps, updated_at: Date.now() };
    const text = JSON.stringify({ ...record, updated_at: 0 });
    if (!force && text === this.lastRecord && this.lease) return;
    if (!this.lease) {
      this.lease = this.client.lease(this.opts.leaseTtlS ?? 10);
      this.lease.on('lost', () => { this.lease = null; this.lastRecord = ''; });
    }
    await this.lease.put(this.keys.host(this.opts.host)).value(JSON.stringify(record));
    // The member record only when what it says changed (or etcd may have lost it): each record
    // change wrote it too, doubling a host's writes per rollout (bench/fleet, 1 000 hosts).
    const member: MemberRecord = { host: this.opts.host, labels: this.opts.labels, apps: Object.keys(apps), seen_at: Date.now() };
    const memberText = JSON.stringify({ ...member, seen_at: 0 });
    if (force || memberText !== this.lastMember) {
      await this.client.put(this.keys.member(this.opts.host)).value(JSON.stringify(member));
      this.lastMember = memberText;
    }
    this.lastRecord = text;
    if (!this.joined) {
      this.joined = true;
      this.deps.event('fleet.joined', `joined the fleet as ${this.opts.host}`, { host: this.opts.host });
    }
  }

  // --- the view, fed by the watches -----------------------------------------------------------

  private reset(spec: WatchSpec, kvs: Record<string, string>): void {
    if ('prefix' in spec && spec.prefix === this.keys.orders(this.opts.host)) this.orders.clear();
    if ('prefix' in spec && spec.prefix === this.keys.apps) this.views.clear();
    for (const [k, v] of Object.entries(kvs)) this.put(k, v, false);
    this.pokeAll();
  }

  private put(key: string, value: string, poke = true): void {
    const ordersPrefix = this.keys.orders(this.opts.host);
    if (key.startsWith(ordersPrefix)) {
      const checked = checkOrder(value);
      this.orders.set(key, checked);
      if (poke) this.poke(checked.ok ? checked.value.app : null);
      return;
    }
    const app = this.appOfKey(key);
    if (!app) return;
    const view = this.views.get(app) ?? { release: { ok: true, value: [] }, retired: [], pointer: null };
    if (key === this.keys.release(app)) view.release = checkRelease(value);
    else if (key === this.keys.retired(app)) view.retired = checkOrWarn(checkRetired(value), [], (p) => this.warn(app, p));
    else if (key === this.keys.pointer(app)) view.pointer = checkOrWarn(checkPointer(value), null, (p) => this.warn(app, p));
    else return;
    this.views.set(app, view);
    if (poke) this.poke(app);
  }

  private del(key: string): void {
    if (this.orders.delete(key)) return;
    const app = this.appOfKey(key);
    const view = app ? this.views.get(app) : undefined;
    if (!app || !view) return;
    // A deleted release or pointer is absent, never "empty, undo everything": see desired-state.ts.
    if (key === this.keys.release(app)) view.release = { ok: true, value: [] };
    else if (key === this.keys.retired(app)) view.retired = [];
    else if (key === this.keys.pointer(app)) view.pointer = null;
    this.poke(app);
  }

  private appOfKey(key: string): string | null {
    if (!key.startsWith(this.keys.apps)) return null;
    const [app, ...rest] = key.slice(this.keys.apps.length).split('/');
    return app && rest.length === 1 ? app : null;
  }

  private warn(app: string, problem: string): void {
    this.deps.event('daemon.warning', `fleet: ${app}: ${problem} (ignored)`, { host: this.opts.host, app, error: problem }, 'warn');
  }

  // --- the reconcile loops ---------------------------------------------------------------------

  private pokeAll(): void {
    if (this.stopped || !this.watch) return;
    const apps = new Set([...this.deps.release.apps(), ...this.views.keys()]);
    for (const app of apps) this.poke(app);
  }

  private poke(app: string | null): void {
    if (this.stopped || !this.watch) return;
    if (app === null) return this.pokeAll();
    if (!this.deps.release.apps().includes(app)) return;
    let loop = this.loops.get(app);
    if (!loop) this.loops.set(app, (loop = new Reconciler(app, this.context())));
    loop.poke();
  }

  private context(): ReconcileContext {
    return {
      host: this.opts.host,
      deps: this.deps,
      stopped: () => this.stopped,
      view: (app) => {
        const v = this.views.get(app);
        return { release: v ? (v.release.ok ? v.release.value : null) : [], retired: v?.retired ?? [], pointer: v?.pointer ?? null, releaseProblem: v && !v.release.ok ? v.release.problem : null };
      },
      orders: (app) => this.ordersOf(app),
      storedUpdate: async (sha256) => checkStoredUpdate(await this.client.get(this.keys.update(sha256)).string(), sha256),
      writeResult: (seen, action, result) => this.writeResult(seen, action, result),
      pointer: (app) => this.views.get(app)?.pointer ?? null,
      rolloutKnown: (rollout) => this.client.get(this.keys.rollout(rollout)).exists(),
      readPointer: async (app) => {
        const text = await this.client.get(this.keys.pointer(app)).string();
        if (text !== null) this.put(this.keys.pointer(app), text, false);
        else if (this.views.get(app)) this.views.get(app)!.pointer = null;
        return this.views.get(app)?.pointer ?? null;
      },
    };
  }

  /** The app's orders with the results this host wrote for them (read from etcd the first time). */
  private async ordersOf(app: string): Promise<OrderSeen[]> {
    const out: OrderSeen[] = [];
    const prefix = this.keys.orders(this.opts.host);
    for (const [key, checked] of this.orders) {
      const [rollout, action, ...rest] = key.slice(prefix.length).split('/');
      if (rest.length || (action !== 'apply' && action !== 'rollback')) continue;
      if (!checked.ok) {
        // Never taken: an order that is not well formed fails, once, naming the culprit.
        if (!this.results.has(`${rollout}/${action}`)) await this.loadResults(rollout);
        if (!this.results.get(`${rollout}/${action}`)) await this.refuseMalformed(key, rollout, action, checked.problem);
        continue;
      }
      const order = checked.value;
      if (order.app !== app) continue;
      if (order.rollout !== rollout || order.action !== action) {
        this.deps.event('fleet.result', `ignored ${key}: not an order this host can answer (its key and content disagree)`, { host: this.opts.host }, 'warn');
        continue;
      }
      if (!this.results.has(`${rollout}/${action}`)) await this.loadResults(rollout);
      out.push({ key, order, ...(this.results.get(`${rollout}/${action}`) ? { forward: this.results.get(`${rollout}/${action}`)! } : {}), ...(this.results.get(`${rollout}/revert`) ? { revert: this.results.get(`${rollout}/revert`)! } : {}) });
    }
    return out.sort((a, b) => a.order.issued_at - b.order.issued_at);
  }

  private async loadResults(rollout: string): Promise<void> {
    const prefix = `${this.keys.results(rollout)}${this.opts.host}/`;
    const { kvs } = await readAll(this.client, { prefix });
    for (const action of ['apply', 'rollback', 'revert'] as const) {
      const c = checkResult(kvs[`${prefix}${action}`] ?? null);
      this.results.set(`${rollout}/${action}`, c.ok ? c.value : null);
    }
  }

  private async refuseMalformed(key: string, rollout: string, action: 'apply' | 'rollback', problem: string): Promise<void> {
    const fake: OrderSeen = { key, order: { rollout, generation: 0, app: '', action, sha256: '', issued_at: 0, deadline_ms: 0, min_healthy_ms: 0 } };
    await this.writeResult(fake, action, { outcome: 'failed', error: problem, at: Date.now() });
  }

  /**
   * A result, once (compare-and-swap on its absence), retried while etcd is away. A revert that
   * failed may be replaced by one that succeeded later, and an apply that completed by its failure
   * here since (a crash blamed on it): the host is its only writer.
   */
  private async writeResult(seen: OrderSeen, action: ResultAction, result: OrderResult): Promise<void> {
    const { host } = this.opts;
    const key = this.keys.result(seen.order.rollout, host, action);
    const fields = { host, rollout: seen.order.rollout, ...(seen.order.app ? { app: seen.order.app } : {}), ...(seen.order.sha256 ? { sha256: seen.order.sha256 } : {}) };
    for (let delay = 200; !this.stopped; delay = Math.min(delay * 2, 2000)) {
      try {
        const kv = (await this.client.get(key).exec()).kvs[0];
        const was = kv && checkResult(kv.value.toString()).ok ? (JSON.parse(kv.value.toString()) as OrderResult).outcome : null;
        const replaceable = (action === 'revert' && was === 'rollback-failed' && result.outcome === 'rolledback') || (action === 'apply' && was === 'completed' && result.outcome === 'failed');
        if (kv && !replaceable) {
          const c = checkResult(kv.value.toString());
          this.results.set(`${seen.order.rollout}/${action}`, c.ok ? c.value : null);
          return;
        }
        const guard = kv ? this.client.if(key, 'Mod', '==', kv.mod_revision) : this.client.if(key, 'Create', '==', 0);
        const w = await guard.then(this.client.put(key).value(JSON.stringify(result))).commit();
        if (!w.succeeded) continue;
        this.results.set(`${seen.order.rollout}/${action}`, result);
        const what = action === 'revert' ? `revert of rollout ${seen.order.rollout}` : seen.order.app || `rollout ${seen.order.rollout}`;
        const why = 'error' in result ? ` (${result.error})` : 'note' in result && result.note ? ` (${result.note})` : '';
        this.deps.event('fleet.result', `${what}: ${result.outcome}${why}`, { ...fields, outcome: result.outcome, ...('error' in result ? { error: result.error } : {}) }, result.outcome === 'completed' || result.outcome === 'rolledback' ? 'info' : 'warn');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  }
}

function checkOrWarn<T>(c: Checked<T>, fallback: T, warn: (problem: string) => void): T {
  if (c.ok) return c.value;
  warn(c.problem);
  return fallback;
}
