// One coordinator per app at a time (SPEC 8, Reconciliation; issue 19 item 2): `<prefix>/locks/<app>`
// holds the coordinator's identity under a 6 s lease, kept alive while it lives, so that a killed
// coordinator's lock is free within seconds for `fleet resume` or `fleet abort`. Every write the
// coordinator makes is a transaction that compares the lock's value with its own (fencing): one
// that lost the lock cannot write, whatever it believes. A lease lost to an etcd outage longer
// than its TTL, or to CPU starvation (audit rows 3b and 8: the coordinator exited, its rollout stayed
// `running` until someone resumed it), is taken again if the key still holds this coordinator's
// value (etcd restored its leases) or is gone; only another coordinator's value ends this one.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Etcd3, Lease } from 'etcd3';
import { CliError } from '../errors';
import { parseJson } from '../../protocol/fleet';
import type { EtcdOutages } from './etcd-outages';

export const LOCK_TTL_S = 6;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface LockHolder {
  token: string;
  pid: number;
  host: string;
  /** What it drives (informational: a lock passes from a superseded rollout to the newer one). */
  what: string;
  at: number;
}

export const describeHolder = (h: LockHolder | null): string => (h ? `pid ${h.pid} on ${h.host}, ${h.what}` : 'nobody');

export class AppLock {
  private lease: Lease;
  private lost = false;

  private constructor(private readonly client: Etcd3, readonly key: string, readonly value: string, lease: Lease, private readonly outages: EtcdOutages) {
    this.lease = lease;
    this.watch(lease);
  }

  /** The lock's holder now, or null (free). */
  static async holder(client: Etcd3, key: string): Promise<LockHolder | null> {
    return parseJson<LockHolder>(await client.get(key).string());
  }

  /**
   * Takes the lock, trying every 300 ms for up to `waitMs` (0: once); null if someone else still
   * holds it then. `waiting(holder)` is called once when it has to wait.
   */
  static async acquire(client: Etcd3, key: string, what: string, outages: EtcdOutages, waitMs: number, waiting?: (h: LockHolder | null) => void): Promise<AppLock | null> {
    const holder: LockHolder = { token: crypto.randomBytes(8).toString('hex'), pid: process.pid, host: os.hostname(), what, at: Date.now() };
    const value = JSON.stringify(holder);
    const until = Date.now() + waitMs;
    let told = false;
    for (;;) {
      const { lease, taken } = await outages.retry(async () => {
        const l = client.lease(LOCK_TTL_S);
        l.on('lost', () => {});
        try {
          const id = await l.grant();
          return { lease: l, taken: (await client.if(key, 'Create', '==', 0).then(client.put(key).value(value).lease(id)).commit()).succeeded };
        } catch (err) {
          l.release();
          throw err;
        }
      });
      if (taken) return new AppLock(client, key, value, lease, outages);
      await lease.revoke().catch(() => {});
      if (Date.now() >= until) return null;
      if (!told) {
        told = true;
        waiting?.(await outages.retry(() => AppLock.holder(client, key)));
      }
      await sleep(300);
    }
  }

  private watch(lease: Lease): void {
    lease.on('lost', () => { if (this.lease === lease) this.lost = true; });
  }

  /** A transaction that commits only while this coordinator holds the lock. */
  txn(): ReturnType<Etcd3['if']> {
    return this.client.if(this.key, 'Value', '==', this.value);
  }

  /** Whether this coordinator's lease is known to be lost (to be taken again before writing). */
  get needsRetake(): boolean {
    return this.lost;
  }

  /**
   * After a fenced write failed or the lease was lost: the lock again under a new lease, if the key
   * still holds this coordinator's value or is gone. Throws a CliError naming the coordinator that
   * holds it otherwise. Resolves to whether the key was gone (etcd may have lost everything).
   */
  async retake(): Promise<{ wasGone: boolean }> {
    for (;;) {
      const done = await this.outages.retry(() => this.tryRetake());
      if (done) return done;
    }
  }

  /**
   * One try: keep the key if it holds our value, else create it. Null when both missed and the
   * key is gone again or ours after all (it showed up between the two, and went: a lease that
   * ended, a late write of ours; seen at 10 000 hosts under load): the caller tries again. Only
   * another coordinator's value ends this one.
   */
  private async tryRetake(): Promise<{ wasGone: boolean } | null> {
    const lease = this.client.lease(LOCK_TTL_S);
    lease.on('lost', () => {});
    let id: string;
    try {
      id = await lease.grant();
    } catch (err) {
      lease.release();
      throw err;
    }
    // Our value under the new lease, if the key compares as given.
    const claim = (field: 'Value' | 'Create', is: string | number) => this.client.if(this.key, field, '==', is).then(this.client.put(this.key).value(this.value).lease(id)).commit();
    let kept: { succeeded: boolean };
    let created: { succeeded: boolean } | null;
    try {
      kept = await claim('Value', this.value);
      created = kept.succeeded ? null : await claim('Create', 0);
    } catch (err) {
      // Past its deadline, the write may still land: under this lease, which is ended here, so that
      // it cannot hold the key later without anyone keeping it alive.
      await lease.revoke().catch(() => lease.release());
      throw err;
    }
    if (kept.succeeded || created?.succeeded) {
      const old = this.lease;
      this.lease = lease;
      this.lost = false;
      this.watch(lease);
      old.release();
      return { wasGone: !kept.succeeded };
    }
    await lease.revoke().catch(() => {});
    const now = await this.client.get(this.key).string();
    if (now === null || now === this.value) return null;
    throw new CliError(1, `another coordinator took over (${describeHolder(parseJson<LockHolder>(now))}): this one stops`);
  }

  /** Frees the lock (only if it is still ours) and its lease. */
  async release(): Promise<void> {
    await this.client.if(this.key, 'Value', '==', this.value).then(this.client.delete().key(this.key)).commit().catch(() => {});
    await this.lease.revoke().catch(() => {});
  }
}
