// What a host should do next for one app (SPEC 8, Reconciliation; issue 19 item 1), as a pure
// function of what etcd says (the app's release, its retired updates, its rollout pointer, this
// host's orders and the results it wrote) and of what the app runs (its local release). The
// reconciler (reconciler.ts) carries the actions out one at a time and asks again, so a host that
// joins, returns, was partitioned or missed a wave converges, once, from wherever it stands.
//
// Rules, in order:
// 1. An order without a result: taken only while the app's pointer names its rollout and
//    generation, running; otherwise refused as stale (a rollout that is over is never applied,
//    audit rows 4a-4c). One taken before a restart is reported from what is in force (recover).
// 2. An update in force whose rollout is reverting, or that etcd lists as retired, is undone,
//    newest first. Nothing else is ever undone: not because the release is shorter or gone (etcd
//    lost or restored), which would undo good code on every host at once.
// 3. The release's entries the app lacks are applied in order (through the health gate); an entry
//    that failed on this host is not tried again (audit row 7a: a restart reinstalled it).
//    Entries a starting instance got before it was online pass the health gate once it is.
// 4. Once a rollout that did not succeed no longer has its change in force here, say so (revert).
// 5. An applied order whose update failed here since (blamed for a crash within min_uptime: undone
//    on the whole app, SPEC 6.6) turns its result to failed: the record says what the host runs.
import { fleetUpdateId, type Order, type OrderResult, type ReleaseEntry, type RetiredEntry, type RolloutPointer } from '../../protocol/fleet';
import { hasSha, isUpdateOf, type FleetUpdateInForce } from './local-release';

/** An order of this host, with the results it wrote for it (as etcd holds them). */
export interface OrderSeen {
  key: string;
  order: Order;
  forward?: OrderResult;
  revert?: OrderResult;
}

export interface AppInputs {
  app: string;
  /** null: the release could not be read or checked (nothing is caught up then). */
  release: ReleaseEntry[] | null;
  retired: RetiredEntry[];
  pointer: RolloutPointer | null;
  /** This host's orders for the app, oldest first. */
  orders: OrderSeen[];
  inForce: FleetUpdateInForce[];
  /** Update ids of release entries that failed on this host. */
  failedHere: ReadonlySet<string>;
  /** Update ids a starting instance got before it was online, not yet through the health gate (oldest first). */
  unverified: readonly string[];
  /** The order was taken on this host before (a daemon restarted in the middle of it). */
  claimed(orderKey: string): boolean;
  settled: boolean;
  online: boolean;
}

export type Action =
  | { kind: 'refuse'; seen: OrderSeen; why: string }
  | { kind: 'recover'; seen: OrderSeen }
  | { kind: 'complete'; seen: OrderSeen; note: string }
  | { kind: 'apply'; seen: OrderSeen }
  | { kind: 'remove'; seen: OrderSeen; target: FleetUpdateInForce }
  | { kind: 'undo'; target: FleetUpdateInForce; why: string }
  | { kind: 'catch-up'; entry: ReleaseEntry }
  | { kind: 'verify'; ids: string[] }
  | { kind: 'report-revert'; seen: OrderSeen }
  | { kind: 'report-failure'; seen: OrderSeen };

export const isRunning = (p: RolloutPointer | null, o: Order): boolean =>
  p !== null && p.rollout === o.rollout && p.generation === o.generation && p.phase === 'running';

function staleWhy(p: RolloutPointer | null, o: Order): string {
  if (!p) return `rollout ${o.rollout} is not the app's rollout (etcd has none for ${o.app})`;
  if (p.rollout !== o.rollout) return `rollout ${o.rollout} is over: ${o.app}'s rollout is now ${p.rollout}`;
  if (p.generation !== o.generation) return `the order's generation ${o.generation} is not the rollout's (${p.generation})`;
  return `rollout ${o.rollout} is ${p.phase === 'reverting' ? 'reverting' : 'over'}`;
}

/** Whether etcd says the change of this rollout, on this host, is to be undone (it did not succeed). */
function undoneByRollout(s: AppInputs, rollout: string): boolean {
  return (s.pointer?.rollout === rollout && s.pointer.phase !== 'running') || s.retired.some((r) => r.rollout === rollout && r.by === rollout);
}

/** The next actions, most urgent first (the reconciler takes the first it has not just failed at). */
export function nextActions(s: AppInputs): Action[] {
  const out: Action[] = [];
  for (const seen of s.orders) {
    if (seen.forward) continue;
    const o = seen.order;
    if (s.claimed(seen.key)) out.push({ kind: 'recover', seen });
    else if (!isRunning(s.pointer, o)) out.push({ kind: 'refuse', seen, why: staleWhy(s.pointer, o) });
    else if (o.action === 'apply') {
      const there = s.inForce.find((u) => hasSha(u, o.sha256));
      out.push(there ? { kind: 'complete', seen, note: `already in force (from rollout ${there.rollout})` } : { kind: 'apply', seen });
    } else {
      const target = [...s.inForce].reverse().find((u) => hasSha(u, o.sha256));
      out.push(target ? { kind: 'remove', seen, target } : { kind: 'complete', seen, note: 'not in force on this host: nothing to undo' });
    }
  }
  // Caught up before it was online (instance-catch-up.ts): the health gate now that it is.
  const unverified = s.unverified.filter((id) => s.inForce.some((u) => u.update_id === id));
  if (s.settled && s.online && unverified.length) out.push({ kind: 'verify', ids: unverified });
  if (s.settled) {
    for (const u of [...s.inForce].reverse()) {
      if (s.pointer?.phase === 'reverting' && s.pointer.rollout === u.rollout) out.push({ kind: 'undo', target: u, why: `rollout ${u.rollout} is reverting` });
      else {
        const r = s.retired.find((x) => x.rollout === u.rollout && hasSha(u, x.sha256));
        if (r) out.push({ kind: 'undo', target: u, why: r.by === u.rollout ? `rollout ${u.rollout} was reverted` : `withdrawn by rollout ${r.by}` });
      }
    }
  }
  if (s.settled && s.online && s.release) {
    // A running `fleet rollback` that ordered this host keeps the entry off it until it ends.
    const removing = new Set(s.orders.filter((x) => x.order.action === 'rollback' && isRunning(s.pointer, x.order)).map((x) => x.order.sha256));
    for (const e of s.release) {
      if (s.inForce.some((u) => hasSha(u, e.sha256)) || removing.has(e.sha256)) continue;
      // Failed on this host: not again (row 7a). Later entries are caught up, through the health
      // gate, as the orders of later rollouts reach this host anyway.
      if (s.failedHere.has(fleetUpdateId(e.rollout, e.sha256))) continue;
      out.push({ kind: 'catch-up', entry: e });
      break;
    }
  }
  for (const seen of s.orders) {
    const o = seen.order;
    // Before a revert report: a change that failed here was not undone by its rollout.
    if (o.action === 'apply' && seen.forward?.outcome === 'completed' && s.failedHere.has(fleetUpdateId(o.rollout, o.sha256)) && !s.inForce.some((u) => isUpdateOf(u, o.rollout, o.sha256))) {
      out.push({ kind: 'report-failure', seen });
      continue;
    }
    if (seen.revert?.outcome === 'rolledback' || !seen.forward || !undoneByRollout(s, o.rollout)) continue;
    const had = o.action === 'apply' ? seen.forward.outcome === 'completed' || seen.forward.outcome === 'rollback-failed' : seen.forward.outcome === 'completed';
    if (!had) continue;
    const undone = o.action === 'apply' ? !s.inForce.some((u) => isUpdateOf(u, o.rollout, o.sha256)) : s.inForce.some((u) => hasSha(u, o.sha256));
    if (undone) out.push({ kind: 'report-revert', seen });
  }
  return out;
}
