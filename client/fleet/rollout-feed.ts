// What the hosts of a rollout reported, as the coordinator sees it: their results and the
// coordinator's own silent verdicts, whether an abort (or a newer rollout's --supersede) was
// asked, and what operators asked with `fleet pause|resume|promote`; for `fleet status --watch`,
// its progress record too. Fed by watches (read once in full at every reconnect, and again from scratch when etcd
// turns out to be another one: protocol/fleet-watch.ts), never by re-reading every result for
// every host at every turn (audit row 8: that made a rollback quadratic). Facts are only added:
// a result once seen stays known even if etcd loses it.
import type { Etcd3 } from 'etcd3';
import type { FleetKeys } from '../../protocol/fleet';
import type { AbortRequest, RolloutControl, RolloutProgress } from '../../protocol/fleet-rollout';
import { checkAbort, checkControl, checkProgress, checkResult, checkVerdict } from '../../protocol/fleet-records';
import { FreshWatch, type WatchSpec } from '../../protocol/fleet-watch';
import { resultKeyParts, type Facts, type HostFacts } from './host-states';

export class RolloutFeed {
  readonly facts: Facts = new Map();
  abort: AbortRequest | null = null;
  control: RolloutControl = { paused: false, promoted: -1, at: 0 };
  /** The progress record as etcd has it (only with `progressOf`). */
  progress: RolloutProgress | null = null;
  /** Set when the etcd turned out to be another one (data lost or restored): why. */
  renewed: string | null = null;
  private readonly watch: FreshWatch;
  private wake: (() => void) | null = null;
  private changed = false;

  private readonly progressKey: string | null;

  constructor(client: Etcd3, private readonly keys: FleetKeys, private readonly id: string, progressOf?: string) {
    this.progressKey = progressOf === undefined ? null : keys.progress(progressOf, id);
    const specs: WatchSpec[] = [{ prefix: keys.results(id) }, { prefix: keys.verdicts(id) }, { key: keys.abort(id) }, { key: keys.control(id) }];
    if (this.progressKey) specs.push({ key: this.progressKey });
    this.watch = new FreshWatch(client, specs, keys.epoch, {
      reset: (_spec, kvs) => { for (const [k, v] of Object.entries(kvs)) this.put(k, v); },
      put: (k, v) => this.put(k, v),
      del: () => {},
      renewed: (why) => { this.renewed = why; this.poke(); },
    });
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }

  /** Looks for a new etcd even if no connection broke. */
  check(): Promise<void> {
    return this.watch.check();
  }

  private of(host: string): HostFacts {
    let f = this.facts.get(host);
    if (!f) this.facts.set(host, (f = { results: {} }));
    return f;
  }

  private put(key: string, value: string): void {
    if (key === this.keys.control(this.id)) {
      const c = checkControl(value);
      if (c.ok) this.control = c.value;
    } else if (key === this.progressKey) {
      const p = checkProgress(value, 'the progress record');
      if (p.ok) this.progress = p.value;
    } else if (key === this.keys.abort(this.id)) {
      const a = checkAbort(value);
      if (a.ok && a.value) this.abort = a.value;
    } else if (key.startsWith(this.keys.results(this.id))) {
      const parts = resultKeyParts(key.slice(this.keys.results(this.id).length));
      const r = checkResult(value);
      if (parts && r.ok) this.of(parts.host).results[parts.action] = r.value;
    } else if (key.startsWith(this.keys.verdicts(this.id))) {
      const host = key.slice(this.keys.verdicts(this.id).length);
      const v = checkVerdict(value);
      if (v.ok && !host.includes('/')) this.of(host).verdict = v.value;
    }
    this.poke();
  }

  /** A verdict this coordinator just wrote (its watch would bring it too, a moment later). */
  noteVerdict(host: string, at: number, error: string): void {
    this.of(host).verdict = { at, error };
  }

  private poke(): void {
    this.changed = true;
    this.wake?.();
  }

  /** Resolves when something new arrived, or after `ms`. */
  async next(ms: number): Promise<void> {
    if (this.changed) {
      this.changed = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => { clearTimeout(t); resolve(); };
    });
    this.wake = null;
    this.changed = false;
  }
}
