// Drives a rollout from its record in etcd (SPEC 8), wave by wave, under a lease-held lock so that
// one coordinator at a time drives it. Everything it knows is in etcd: a coordinator killed at any
// point is replaced by `fleet resume` (or `fleet abort`) from any machine, which goes on from the
// record. Orders are created with a compare-and-swap, so a resumed coordinator never doubles one.
import type { Etcd3, Lease } from 'etcd3';
import {
  parseJson, type FleetKeys, type Order, type OrderAction, type OrderResult, type ReleaseEntry, type RolloutRecord,
  type StoredUpdate,
} from '../../protocol/fleet';
import { CliError } from '../errors';

export type DriveEvent =
  | { kind: 'wave'; wave: number; hosts: string[] }
  | { kind: 'host'; wave: number; host: string; state: string; error?: string }
  | { kind: 'rollback'; host: string; state: string; error?: string }
  | { kind: 'done'; record: RolloutRecord };

const LOCK_TTL_S = 6;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The rollout's lock: a key held by a lease (kept alive while this process lives). */
async function acquireLock(client: Etcd3, key: string, waitMs: number): Promise<Lease> {
  const until = Date.now() + waitMs;
  for (;;) {
    const lease = client.lease(LOCK_TTL_S);
    const id = await lease.grant();
    const r = await client.if(key, 'Create', '==', 0).then(client.put(key).value(String(process.pid)).lease(id)).commit();
    if (r.succeeded) return lease;
    await lease.revoke().catch(() => {});
    if (Date.now() > until) throw new CliError(1, `another coordinator holds rollout ${key.split('/').pop()} (its lock ${key}); if it was killed, its lock expires within ${LOCK_TTL_S} s`);
    await sleep(300);
  }
}

export class Coordinator {
  private lost = false;
  private wake: (() => void) | null = null;
  /** A result arrived since the last read: read again at once instead of sleeping. */
  private dirty = false;

  constructor(private readonly client: Etcd3, private readonly keys: FleetKeys, private readonly emit: (e: DriveEvent) => void) {}

  async load(id: string): Promise<RolloutRecord> {
    const rec = parseJson<RolloutRecord>(await this.client.get(this.keys.rollout(id)).string());
    if (!rec) throw new CliError(2, `no rollout ${id} in the fleet`);
    return rec;
  }

  private async save(rec: RolloutRecord): Promise<void> {
    if (this.lost) throw new CliError(1, `lost the lock of rollout ${rec.id}: another coordinator may drive it`);
    rec.updated_at = Date.now();
    await this.retry(() => this.client.put(this.keys.rollout(rec.id)).value(JSON.stringify(rec)).exec());
  }

  /** etcd away for a while (a restart, an election): the rollout waits, then goes on. */
  private async retry<T>(fn: () => Promise<T>): Promise<T> {
    for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof CliError) throw err;
        await sleep(delay);
      }
    }
  }

  /** Drives the rollout to its end; `lockWaitMs` lets a resume wait for a dead coordinator's lock. */
  async drive(id: string, lockWaitMs = 0): Promise<RolloutRecord> {
    const lease = await acquireLock(this.client, this.keys.lock(id), lockWaitMs);
    lease.on('lost', () => { this.lost = true; });
    const watcher = await this.client.watch().prefix(this.keys.results(id)).create();
    watcher.on('put', () => { this.dirty = true; this.wake?.(); });
    watcher.on('error', () => {});
    try {
      let rec = await this.load(id);
      while (rec.state === 'running') {
        if (await this.aborted(id)) {
          rec = await this.rollBack(rec, 'aborted', 'aborted by `moult fleet abort`');
          break;
        }
        if (rec.wave >= rec.waves.length) {
          if (!rec.options.hosts) await this.release(rec);
          rec.state = 'succeeded';
          await this.save(rec);
          break;
        }
        await this.runWave(rec);
        const failures = Object.values(rec.hosts).filter((h) => h.state === 'failed').length;
        if (failures > rec.options.max_failures) {
          rec = await this.rollBack(rec, 'rolledback', `${failures} host(s) failed, over --max-failures ${rec.options.max_failures}`);
        } else {
          // Saved with the next wave's orders (or the end): a coordinator killed in between
          // resumes at this wave, whose hosts all have their results, and moves on at once.
          rec.wave++;
        }
      }
      this.emit({ kind: 'done', record: rec });
      return rec;
    } finally {
      await watcher.cancel().catch(() => {});
      await lease.revoke().catch(() => {});
    }
  }

  private async aborted(id: string): Promise<boolean> {
    return this.retry(() => this.client.get(this.keys.abort(id)).exists());
  }

  /** Orders the wave's hosts that have none yet, then waits until each has a result or its deadline passed. */
  private async runWave(rec: RolloutRecord): Promise<void> {
    const w = rec.wave;
    const hosts = rec.waves[w];
    this.emit({ kind: 'wave', wave: w, hosts });
    const action: OrderAction = rec.kind === 'rollback' ? 'rollback' : 'apply';
    const pending = hosts.filter((h) => rec.hosts[h].state === 'pending');
    await this.orderMany(rec, pending, action);
    if (pending.length) await this.save(rec);
    await this.settle(rec, hosts, action, (h, state, error) => this.emit({ kind: 'host', wave: w, host: h, state, ...(error ? { error } : {}) }));
  }

  private orderFor(rec: RolloutRecord, action: OrderAction): Order {
    return { rollout: rec.id, app: rec.app, action, sha256: rec.sha256, issued_at: Date.now(), deadline_ms: rec.options.deadline_ms, min_healthy_ms: action === 'apply' ? rec.options.min_healthy_ms : 0 };
  }

  /**
   * A wave's orders in transactions of up to 64 (etcd takes 128 operations a transaction), each
   * creating all its orders or none; where one existed already (a resumed rollout), host by host.
   */
  private async orderMany(rec: RolloutRecord, hosts: string[], action: OrderAction): Promise<void> {
    const chunks: string[][] = [];
    for (let i = 0; i < hosts.length; i += 64) chunks.push(hosts.slice(i, i + 64));
    await Promise.all(chunks.map(async (chunk) => {
      const order = this.orderFor(rec, action);
      const r = await this.retry(() => {
        const keys = chunk.map((h) => this.keys.order(h, rec.id, action));
        let txn = this.client.if(keys[0], 'Create', '==', 0);
        for (const k of keys.slice(1)) txn = txn.and(k, 'Create', '==', 0);
        return txn.then(...keys.map((k) => this.client.put(k).value(JSON.stringify(order)))).commit();
      });
      if (!r.succeeded) return Promise.all(chunk.map((h) => this.order(rec, h, action)));
      for (const h of chunk) rec.hosts[h] = { ...rec.hosts[h], state: 'ordered', ordered_at: order.issued_at };
      return [];
    }));
  }

  private async order(rec: RolloutRecord, host: string, action: OrderAction): Promise<void> {
    const order = this.orderFor(rec, action);
    const key = this.keys.order(host, rec.id, action);
    const created = await this.retry(() => this.client.if(key, 'Create', '==', 0).then(this.client.put(key).value(JSON.stringify(order))).commit());
    const h = rec.hosts[host];
    h.state = 'ordered';
    // Ordered by a coordinator before this one (killed after writing it): its deadline runs from then.
    h.ordered_at = created.succeeded ? order.issued_at : parseJson<Order>(await this.retry(() => this.client.get(key).string()))?.issued_at ?? order.issued_at;
  }

  /** Waits for results of `hosts`' orders; a host silent past --deadline has failed. */
  private async settle(rec: RolloutRecord, hosts: string[], action: OrderAction, report: (h: string, state: string, error?: string) => void): Promise<void> {
    const open = new Set(hosts.filter((h) => rec.hosts[h].state === 'ordered'));
    const done = action === 'apply' ? 'completed' : 'rolledback';
    const bad = action === 'apply' ? 'failed' : 'rollback-failed';
    while (open.size) {
      this.dirty = false;
      const results = await this.retry(() => this.client.getAll().prefix(this.keys.results(rec.id)).strings());
      let changed = false;
      for (const h of [...open]) {
        const r = parseJson<OrderResult>(results[this.keys.result(rec.id, h, action)] ?? null);
        const silent = !r && Date.now() > (rec.hosts[h].ordered_at ?? 0) + rec.options.deadline_ms;
        if (!r && !silent) continue;
        const state = r?.outcome === 'completed' ? done : bad;
        const error = r ? r.error : `silent past --deadline ${rec.options.deadline_ms / 1000} s`;
        rec.hosts[h] = { ...rec.hosts[h], state, done_at: r?.at ?? Date.now(), ...(error && state === bad ? { error } : {}) };
        open.delete(h);
        changed = true;
        report(h, state, state === bad ? error : undefined);
      }
      // The caller saves the record once the wave settled (here only every 2 s, for `fleet status`):
      // results themselves are in etcd already, which is what a resumed coordinator reads.
      if (changed && open.size && Date.now() - rec.updated_at > 2000) await this.save(rec);
      if (open.size && !this.dirty) await new Promise<void>((resolve) => { const t = setTimeout(resolve, 500); this.wake = () => { clearTimeout(t); resolve(); }; });
    }
  }

  /** SPEC 8, Failure: every host updated gets a rollback order, newest first, one at a time. */
  private async rollBack(rec: RolloutRecord, final: 'rolledback' | 'aborted', reason: string): Promise<RolloutRecord> {
    rec.reason = reason;
    await this.save(rec);
    if (rec.kind !== 'rollback') {
      const updated = Object.entries(rec.hosts).filter(([, h]) => h.state === 'completed').sort((a, b) => (b[1].done_at ?? 0) - (a[1].done_at ?? 0));
      for (const [host] of updated) {
        await this.order(rec, host, 'rollback');
        await this.save(rec);
        await this.settle(rec, [host], 'rollback', (h, state, error) => this.emit({ kind: 'rollback', host: h, state, ...(error ? { error } : {}) }));
      }
    }
    rec.state = rec.kind === 'rollback' && final === 'rolledback' ? 'failed' : final;
    await this.save(rec);
    return rec;
  }

  /** The app's release: the update appended (or, for `fleet rollback`, taken off), with a compare-and-swap. */
  private async release(rec: RolloutRecord): Promise<void> {
    const key = this.keys.release(rec.app);
    for (;;) {
      const kv = await this.retry(() => this.client.get(key).exec());
      const current = kv.kvs[0];
      const list = parseJson<ReleaseEntry[]>(current ? current.value.toString() : null) ?? [];
      const next = rec.kind === 'rollback'
        ? list.slice(0, list.map((e) => e.sha256).lastIndexOf(rec.sha256)).concat(list.slice(list.map((e) => e.sha256).lastIndexOf(rec.sha256) + 1))
        : [...list, { sha256: rec.sha256, kind: rec.kind, name: rec.name, rollout: rec.id }];
      const guard = (): ReturnType<Etcd3['if']> => (current ? this.client.if(key, 'Mod', '==', current.mod_revision) : this.client.if(key, 'Create', '==', 0));
      const r = await this.retry(() => guard().then(this.client.put(key).value(JSON.stringify(next))).commit());
      if (r.succeeded) return;
    }
  }

  /**
   * Stores the update under its sha256 (with its signature), once. A signed update replaces a record
   * of the same content that is unsigned (or signed otherwise): content first rolled out unsigned
   * can be rolled out again with --sign (audit row 6.6). An unsigned one never replaces a signed one.
   */
  async store(update: StoredUpdate): Promise<void> {
    const key = this.keys.update(update.sha256);
    const value = JSON.stringify(update);
    for (;;) {
      const kv = (await this.client.get(key).exec()).kvs[0];
      if (kv && (!update.signature || parseJson<StoredUpdate>(kv.value.toString())?.signature === update.signature)) return;
      const guard = kv ? this.client.if(key, 'Mod', '==', kv.mod_revision) : this.client.if(key, 'Create', '==', 0);
      if ((await guard.then(this.client.put(key).value(value)).commit()).succeeded) return;
    }
  }
}
