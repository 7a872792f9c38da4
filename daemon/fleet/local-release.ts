// The fleet's view of an app's local release (SPEC 6.6, issue 17): which fleet updates are in force
// on this host, read from the app's recorded updates (state.json), not from a record of the fleet's
// own beside it. A fleet update has the id `fleet-<rollout>-<sha256's first 16 digits>` on every
// host and instance (protocol/fleet.ts fleetUpdateId), so the release says exactly which release
// entry or order each step came from. This file is the only one of daemon/fleet that knows the
// supervisor's shape: when the ledger of branch i17-release lands, only it changes.
import { fleetUpdateId } from '../../protocol/fleet';
import type { Supervisor } from '../supervisor';

export interface FleetUpdateInForce {
  update_id: string;
  rollout: string;
  /** The first 16 hex digits of its sha256 (what the update id carries). */
  sha16: string;
  /** The update names its module produced, in order (what an undo rolls back, newest first). */
  names: string[];
}

export interface LocalRelease {
  /** The app's fleet updates in force, in the order they were applied. */
  inForce(app: string): FleetUpdateInForce[];
  /** The apps this daemon runs. */
  apps(): string[];
  /** No instance of the app is starting (a starting one catches up by itself, before it is online). */
  settled(app: string): boolean;
  /** Some instance of the app is online (an update can be applied now). */
  online(app: string): boolean;
  /**
   * A fingerprint of everything the app runs (its own updates too, instances and pids): an action
   * that failed is tried again once it changed (an undo blocked by a local update on top).
   */
  fingerprint(app: string): string;
}

const FLEET_ID = /^fleet-(.+)-([0-9a-f]{16})$/;

export function parseFleetUpdateId(id: string): { rollout: string; sha16: string } | null {
  const m = FLEET_ID.exec(id);
  return m ? { rollout: m[1], sha16: m[2] } : null;
}

/** Does this in-force fleet update come from (rollout, sha256)? */
export const isUpdateOf = (u: FleetUpdateInForce, rollout: string, sha256: string): boolean => u.update_id === fleetUpdateId(rollout, sha256);
export const hasSha = (u: FleetUpdateInForce, sha256: string): boolean => sha256.startsWith(u.sha16);

/** Groups recorded updates (in order) into fleet updates by update id. */
export function fleetStepsOf(recorded: readonly { name: string; update_id: string }[]): FleetUpdateInForce[] {
  const out: FleetUpdateInForce[] = [];
  for (const u of recorded) {
    const id = parseFleetUpdateId(u.update_id);
    if (!id) continue;
    const same = out.find((s) => s.update_id === u.update_id);
    if (same) same.names.push(u.name);
    else out.push({ update_id: u.update_id, rollout: id.rollout, sha16: id.sha16, names: [u.name] });
  }
  return out;
}

export function supervisorRelease(supervisor: Supervisor): LocalRelease {
  return {
    inForce: (app) => fleetStepsOf(supervisor.recordedUpdates(app)),
    apps: () => supervisor.appNames(),
    settled: (app) => supervisor.instancesOf(app).every((i) => i.status !== 'launching'),
    online: (app) => supervisor.instancesOf(app).some((i) => i.status === 'online' && i.channel),
    fingerprint: (app) => JSON.stringify([supervisor.recordedUpdates(app).map((u) => u.update_id), supervisor.instancesOf(app).map((i) => [i.pid, i.status, i.updates])]),
  };
}
