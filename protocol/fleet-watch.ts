// A watch of etcd keys that survives etcd itself being replaced (SPEC 8, Reconciliation; issue 19
// item 5). etcd3's watcher resumes at the revision after the last one it saw; on a new etcd (data
// lost) or one restored from an older snapshot that revision is in the etcd's future, and the watch
// hears nothing, for good (audit row 3d; etcd-io/etcd#14303). So every (re)connect starts with a
// fresh read (GET) of what is watched, and the watch is made again from that read's revision when
// the etcd is not the one it was: its revision went back, its cluster or member id changed, its
// `epoch` key (a random id made once per etcd data) changed or vanished, or it cancelled the watch
// (compaction). Used by the hosts (their orders and apps) and by the coordinator (results).
import crypto from 'node:crypto';
import type { Etcd3, Watcher } from 'etcd3';

export type WatchSpec = { prefix: string } | { key: string };

export interface WatchHandlers {
  /** What is under `spec` now, after a fresh read (the first, every reconnect, a new etcd). */
  reset(spec: WatchSpec, kvs: Record<string, string>): void;
  put(key: string, value: string): void;
  del(key: string): void;
  /** The etcd is not the one it was (data lost or restored): why, in a sentence. */
  renewed?(why: string): void;
}

interface Header { cluster_id?: string | number; member_id?: string | number; revision?: string | number }

/** Reads a prefix in pages (etcd answers at most 4 MiB by default): keys and values, and the revision read at. */
export async function readAll(client: Etcd3, spec: WatchSpec, pageSize = 1000): Promise<{ kvs: Record<string, string>; header: Header }> {
  if ('key' in spec) {
    const r = await client.get(spec.key).exec();
    return { kvs: Object.fromEntries(r.kvs.map((kv) => [kv.key.toString(), kv.value.toString()])), header: r.header as Header };
  }
  const end = prefixEnd(Buffer.from(spec.prefix));
  const kvs: Record<string, string> = {};
  let from = Buffer.from(spec.prefix);
  let header: Header = {};
  let revision: string | undefined;
  for (;;) {
    let q = client.getAll().inRange({ start: from, end }).limit(pageSize).sort('Key', 'Ascend');
    if (revision) q = q.revision(revision);
    const r = await q.exec();
    header = r.header as Header;
    revision ??= String(header.revision);
    for (const kv of r.kvs) kvs[kv.key.toString()] = kv.value.toString();
    if (!r.more || !r.kvs.length) return { kvs, header };
    from = Buffer.concat([r.kvs[r.kvs.length - 1].key, Buffer.from([0])]);
  }
}

/** The first key after every key starting with `prefix` (etcd's range end for a prefix). */
function prefixEnd(b: Buffer): Buffer {
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i] < 0xff) return Buffer.concat([b.subarray(0, i), Buffer.from([b[i] + 1])]);
  }
  return Buffer.from([0]);
}

const RENEW_RETRY_MS = 1000;

export class FreshWatch {
  private watchers: Watcher[] = [];
  private seen = 0;
  private cluster: string | null = null;
  private epoch: string | null = null;
  private stopped = false;
  private renewing: Promise<void> | null = null;
  private retrying: NodeJS.Timeout | null = null;
  /** Whether the last renewal made every watch (false from its start until its end). */
  private whole = false;

  constructor(private readonly client: Etcd3, private readonly specs: WatchSpec[], private readonly epochKey: string, private readonly handlers: WatchHandlers) {}

  async start(): Promise<void> {
    await this.renew(null);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retrying) clearTimeout(this.retrying);
    const ws = this.watchers;
    this.watchers = [];
    await Promise.all(ws.map((w) => w.cancel().catch(() => {})));
  }

  /** The etcd's epoch, created when absent; null when etcd cannot be read. */
  private async readEpoch(): Promise<string | null> {
    const now = await this.client.get(this.epochKey).string();
    if (now !== null) return now;
    const mine = crypto.randomBytes(8).toString('hex');
    await this.client.if(this.epochKey, 'Create', '==', 0).then(this.client.put(this.epochKey).value(mine)).commit();
    return this.client.get(this.epochKey).string();
  }

  /** Why the etcd answering `header` (and holding `epoch`) is not the one seen so far, or null. */
  private changed(header: Header, epoch: string | null): string | null {
    const cluster = `${header.cluster_id ?? ''}/${header.member_id ?? ''}`;
    const revision = Number(header.revision ?? 0);
    if (this.cluster !== null && cluster !== this.cluster) return `its cluster or member id changed (${this.cluster} → ${cluster})`;
    if (this.epoch !== null && epoch !== this.epoch) return `its data is not the one seen before (epoch ${this.epoch} → ${epoch ?? 'none'})`;
    if (revision < this.seen) return `its revision went back (${this.seen} → ${revision})`;
    return null;
  }

  private note(header: Header, epoch: string | null): void {
    this.cluster = `${header.cluster_id ?? ''}/${header.member_id ?? ''}`;
    this.epoch = epoch;
    this.seen = Math.max(this.seen, Number(header.revision ?? 0));
  }

  /** A periodic look: a new etcd is noticed even if no connection broke (a restore behind a proxy). */
  async check(): Promise<void> {
    if (this.stopped || this.renewing) return;
    const r = await this.client.get(this.epochKey).exec();
    const epoch = r.kvs[0]?.value.toString() ?? null;
    const why = this.changed(r.header as Header, epoch);
    if (why) await this.renew(why);
    else this.seen = Math.max(this.seen, Number((r.header as Header).revision ?? 0));
  }

  /**
   * Fresh reads of everything watched, then new watches from the read's revision. One that fails
   * (a read past its deadline, etcd away) has cancelled the old watches and made no new ones: it
   * is tried again, every second, until it works or the watch is stopped, whoever asked for it.
   * (At 10 000 hosts under load, a coordinator whose renewal failed once never heard of 8 188 of
   * 9 000 reverts: it waited on watches that were not there.)
   */
  private renew(why: string | null): Promise<void> {
    this.renewing ??= this.doRenew(why).finally(() => { this.renewing = null; });
    const renewing = this.renewing;
    renewing.catch(() => {
      if (this.stopped || this.retrying) return;
      this.retrying = setTimeout(() => {
        this.retrying = null;
        if (!this.stopped && !this.whole) void this.renew(why).catch(() => {});
      }, RENEW_RETRY_MS);
      this.retrying.unref();
    });
    return renewing;
  }

  private async doRenew(why: string | null): Promise<void> {
    this.whole = false;
    const old = this.watchers;
    this.watchers = [];
    await Promise.all(old.map((w) => w.cancel().catch(() => {})));
    if (this.stopped) return;
    const epoch = await this.readEpoch();
    const reads = await Promise.all(this.specs.map((s) => readAll(this.client, s)));
    const revision = Math.min(...reads.map((r) => Number(r.header.revision ?? 0)));
    if (why) {
      this.seen = 0;
      this.handlers.renewed?.(why);
    }
    this.note(reads[0].header, epoch);
    this.specs.forEach((s, i) => this.handlers.reset(s, reads[i].kvs));
    for (const spec of this.specs) {
      let b = this.client.watch();
      b = 'key' in spec ? b.key(spec.key) : b.prefix(spec.prefix);
      const w = await b.startRevision(String(revision + 1)).create();
      if (this.stopped) {
        await w.cancel().catch(() => {});
        return;
      }
      this.attach(w, spec);
      this.watchers.push(w);
    }
    this.whole = true;
  }

  private attach(w: Watcher, spec: WatchSpec): void {
    let asked = 0;
    (w as unknown as NodeJS.EventEmitter).on('connecting', (req: { start_revision?: string | number }) => { asked = Number(req.start_revision ?? 0); });
    w.on('put', (kv) => { this.handlers.put(kv.key.toString(), kv.value.toString()); });
    w.on('delete', (kv) => { this.handlers.del(kv.key.toString()); });
    w.on('data', (res: { header?: Header }) => { this.seen = Math.max(this.seen, Number(res.header?.revision ?? 0)); });
    // Cancelled by etcd (its revision was compacted away, or it is another etcd now).
    w.on('error', () => { if (!this.stopped && this.watchers.includes(w)) void this.renew('the watch was cancelled (compacted)').catch(() => {}); });
    // Attached once create() resolved (its first connect): every connect seen here is a reconnect.
    w.on('connected', (res: { header?: Header }) => {
      // A reconnect: what changed meanwhile is read again; a watch asked from a revision the etcd
      // has not reached is in its future (a new or restored etcd): made again from a fresh read.
      const header = res.header ?? {};
      void (async () => {
        const epoch = await this.client.get(this.epochKey).string();
        const why = asked > Number(header.revision ?? 0) + 1 ? `its revision went back (${asked - 1} → ${header.revision})` : this.changed(header, epoch);
        if (why) return this.renew(why);
        const { kvs } = await readAll(this.client, spec);
        this.handlers.reset(spec, kvs);
      })().catch(() => {
        // The catch-up read failed: made again from scratch (tried until it works).
        if (!this.stopped && this.watchers.includes(w)) void this.renew(null).catch(() => {});
      });
    });
  }
}
