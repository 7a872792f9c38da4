// A host's part in a fleet (SPEC 8): its record under a lease (kept current), its orders watched
// and re-read with a GET after every (re)connect, each order claimed once on the host and its result
// written once with a compare-and-swap in etcd, and the app's fleet release caught up on joining. What applying means
// is given by the caller (the daemon's update path; an instant stub in bench/fleet).
import type { Etcd3, Lease, Watcher } from 'etcd3';
import {
  fleetKeys, type FleetKeys, type HostRecord, type MemberRecord, type Order, type OrderResult, type StoredUpdate,
} from '../../protocol/fleet';
import type { EventFields, FleetEventName, Level } from '../../protocol/events';
import { checkOrder, checkRelease, checkStoredUpdate, type Checked } from './etcd-records';

export interface AgentDeps {
  /** Per app: instances, statuses, updates, and the fleet updates in force (by sha256). */
  snapshot(): Promise<HostRecord['apps']>;
  /**
   * Applies (or rolls back) an order; never throws. `update`: the stored update its sha256 names,
   * checked (shape, hash), or why it cannot be used.
   */
  apply(order: Order, update: Checked<StoredUpdate>): Promise<OrderResult>;
  /**
   * Marks an order taken, durably on this host: true the first time only. A daemon restarted in
   * the middle of an order finds it taken and reports what happened (recover) instead of applying
   * it again. (Local, not in etcd: one write less per host and order; a host name is one daemon.)
   */
  claim(order: string): boolean;
  /** An order this host claimed before a restart, without a result: what local state says happened. */
  recover(order: Order): OrderResult;
  event(name: FleetEventName, msg: string, fields: EventFields, level?: Level): void;
}

export interface AgentOptions {
  host: string;
  labels: Record<string, string>;
  prefix: string;
  moult: string;
  leaseTtlS?: number;
  /** How often the host record is refreshed from the snapshot (0: never after joining). */
  refreshMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

export class FleetAgent {
  private readonly keys: FleetKeys;
  private lease: Lease | null = null;
  private watcher: Watcher | null = null;
  private refresher: NodeJS.Timeout | null = null;
  private lastRecord = '';
  private readonly busy = new Set<string>();
  private stopped = false;
  private joined = false;

  constructor(private readonly client: Etcd3, private readonly opts: AgentOptions, private readonly deps: AgentDeps) {
    this.keys = fleetKeys(opts.prefix);
  }

  async start(): Promise<void> {
    await this.publish(true);
    this.watcher = await this.client.watch().prefix(this.keys.orders(this.opts.host)).create();
    this.watcher.on('put', (kv) => void this.onOrder(kv.key.toString(), kv.value.toString()));
    // The watch alone is not trusted (etcd3 #114): every (re)connect re-reads the orders.
    this.watcher.on('connected', () => void this.resync());
    this.watcher.on('error', () => {});
    await this.resync();
    await this.catchUp();
    const every = this.opts.refreshMs ?? 2000;
    if (every > 0) this.refresher = setInterval(() => void this.publish(false).catch(() => {}), every);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refresher) clearInterval(this.refresher);
    await this.watcher?.cancel().catch(() => {});
    if (this.lease && this.joined) {
      await this.lease.revoke().catch(() => {});
      this.deps.event('fleet.left', `left the fleet as ${this.opts.host}`, { host: this.opts.host });
    }
  }

  /** The host record again, now (an app came online, an update completed). */
  refresh(): void {
    if (this.joined) void this.publish(false).catch(() => {});
  }

  /** Writes the host record (under the lease, a new one if it was lost) when it changed. */
  private async publish(force: boolean): Promise<void> {
    if (this.stopped) return;
    const apps = await this.deps.snapshot();
    const record: HostRecord = { host: this.opts.host, labels: this.opts.labels, moult: this.opts.moult, node: process.version, pid: process.pid, apps, updated_at: Date.now() };
    const text = JSON.stringify({ ...record, updated_at: 0 });
    if (!force && text === this.lastRecord && this.lease) return;
    if (!this.lease) {
      this.lease = this.client.lease(this.opts.leaseTtlS ?? 10);
      this.lease.on('lost', () => { this.lease = null; this.lastRecord = ''; });
    }
    await this.lease.put(this.keys.host(this.opts.host)).value(JSON.stringify(record));
    const member: MemberRecord = { host: this.opts.host, labels: this.opts.labels, apps: Object.keys(apps), seen_at: Date.now() };
    await this.client.put(this.keys.member(this.opts.host)).value(JSON.stringify(member));
    this.lastRecord = text;
    if (!this.joined) {
      this.joined = true;
      this.deps.event('fleet.joined', `joined the fleet as ${this.opts.host}`, { host: this.opts.host });
    }
  }

  private async resync(): Promise<void> {
    if (this.stopped) return;
    try {
      const all = await this.client.getAll().prefix(this.keys.orders(this.opts.host)).strings();
      await Promise.all(Object.entries(all).map(([k, v]) => this.onOrder(k, v)));
    } catch { /* etcd away: the next reconnect re-reads */ }
  }

  private async onOrder(key: string, text: string): Promise<void> {
    if (this.busy.has(key) || this.stopped) return;
    this.busy.add(key);
    try {
      await this.handle(key, text);
    } catch { /* etcd away mid-way: the next reconnect re-reads */ } finally {
      this.busy.delete(key);
    }
  }

  /** The stored update an order names, checked; never throws past etcd errors. */
  private async storedUpdate(sha256: string): Promise<Checked<StoredUpdate>> {
    return checkStoredUpdate(await this.client.get(this.keys.update(sha256)).string(), sha256);
  }

  private async handle(key: string, text: string): Promise<void> {
    const { host } = this.opts;
    // The result goes where the order was found: <orders>/<rollout>/<action>, whatever its content says.
    const [rollout, action, ...rest] = key.slice(this.keys.orders(host).length).split('/');
    const checked = checkOrder(text);
    if (rest.length || (action !== 'apply' && action !== 'rollback') || (checked.ok && (checked.value.rollout !== rollout || checked.value.action !== action))) {
      this.deps.event('fleet.result', `ignored ${key}: not an order this host can answer (its key and content disagree)`, { host }, 'warn');
      return;
    }
    const resultKey = this.keys.result(rollout, host, action);
    if (await this.client.get(resultKey).exists()) return;
    if (!checked.ok) {
      await this.writeResult(resultKey, { outcome: 'failed', error: checked.problem, at: Date.now() }, { host, rollout });
      return;
    }
    const order = checked.value;
    const fields = { host, rollout: order.rollout, app: order.app, sha256: order.sha256 };
    let result: OrderResult;
    // Read before the claim: past the claim nothing may throw, or the order would look interrupted.
    const update = await this.storedUpdate(order.sha256);
    if (this.deps.claim(`${order.rollout}/${order.action}`)) {
      this.deps.event('fleet.order', `${order.action} order for ${order.app} from rollout ${order.rollout}`, fields);
      result = await this.deps.apply(order, update);
    } else {
      // Claimed by this host before a restart: never applied twice, reported from local state.
      result = this.deps.recover(order);
    }
    await this.writeResult(resultKey, result, fields);
  }

  /** Once: a compare-and-swap on the result's absence; retried while etcd is away. */
  private async writeResult(key: string, result: OrderResult, fields: EventFields): Promise<void> {
    for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
      try {
        const w = await this.client.if(key, 'Create', '==', 0).then(this.client.put(key).value(JSON.stringify(result))).commit();
        if (w.succeeded) {
          this.deps.event('fleet.result', `${fields.app ?? `rollout ${fields.rollout}`}: ${result.outcome}${result.error ? ` (${result.error})` : ''}`, { ...fields, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) }, result.outcome === 'completed' ? 'info' : 'warn');
        }
        return;
      } catch {
        if (this.stopped) return;
        await sleep(delay);
      }
    }
  }

  /** SPEC 8, desired state: the app's fleet release, whatever this host lacks of it, in order. */
  private async catchUp(): Promise<void> {
    const apps = await this.deps.snapshot();
    for (const [app, info] of Object.entries(apps)) {
      const release = checkRelease(await this.client.get(this.keys.release(app)).string());
      if (!release.ok) {
        this.deps.event('fleet.result', `${app}: cannot catch up with the fleet release: ${release.problem}`, { host: this.opts.host, app }, 'warn');
        continue;
      }
      for (const entry of release.value) {
        if (info.fleet_updates.includes(entry.sha256)) continue;
        const order: Order = { rollout: entry.rollout, app, action: 'apply', sha256: entry.sha256, issued_at: Date.now(), deadline_ms: 60_000, min_healthy_ms: 0 };
        const fields = { host: this.opts.host, rollout: entry.rollout, app, sha256: entry.sha256 };
        this.deps.event('fleet.order', `catching up with the fleet release of ${app}: ${entry.name} (rollout ${entry.rollout})`, fields);
        const result = await this.deps.apply(order, await this.storedUpdate(entry.sha256));
        this.deps.event('fleet.result', `${app}: caught up with ${entry.name}: ${result.outcome}${result.error ? ` (${result.error})` : ''}`, { ...fields, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) }, result.outcome === 'completed' ? 'info' : 'warn');
        if (result.outcome !== 'completed') break; // later entries were made on top of this one
      }
    }
    await this.publish(false).catch(() => {});
  }
}
