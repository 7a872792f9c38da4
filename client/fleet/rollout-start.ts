// Starting a rollout (SPEC 8): one per app at a time (issue 19 item 2). The new rollout takes the
// app's lock; while another coordinator drives a rollout of the app it waits, or with --supersede
// asks that one to stop (it is reverted and ends `superseded`, its hosts accounted for) and then
// takes its place, as a Kubernetes rollover or a newer Nomad job version does. An unfinished
// rollout that no coordinator drives is not left behind silently: resume it, abort it, or supersede
// it. Then, in one transaction under the lock: the plan, its progress, and the app's pointer with
// the next generation (which every order of the rollout carries).
import crypto from 'node:crypto';
import type { Etcd3 } from 'etcd3';
import { parseJson, type FleetKeys, type ReleaseEntry, type StoredUpdate } from '../../protocol/fleet';
import type { RolloutKind, RolloutOptions, RolloutPlan, RolloutProgress } from '../../protocol/fleet-rollout';
import { checkPlan, checkPointer, json } from '../../protocol/fleet-records';
import { CliError } from '../errors';
import { AppLock, describeHolder } from './app-lock';
import { Coordinator, type DriveEvent } from './coordinator';
import type { EtcdOutages } from './etcd-outages';
import { parseHostFilter, planWaves } from './plan';
import { hostsAndMembers } from './fleet-reads';

export interface RolloutRequest {
  app: string;
  kind: RolloutKind;
  /** The update to roll out (update, patch); `fleet rollback` takes the release's last entry. */
  update?: StoredUpdate;
  options: RolloutOptions;
  supersede: boolean;
  /** Prints a line for the operator. */
  say(line: string): void;
  /** Reports the superseded rollout's events (its table at the end). */
  emit(e: DriveEvent): void;
}

export type Started = { plan: RolloutPlan; lock: AppLock } | { nothing: string };

/**
 * Stores the update under its sha256 (with its signature), once. A signed update replaces a record
 * of the same content that is unsigned (or signed otherwise): content first rolled out unsigned
 * can be rolled out again with --sign (audit row 6.6). An unsigned one never replaces a signed one.
 */
export async function storeUpdate(client: Etcd3, keys: FleetKeys, update: StoredUpdate): Promise<void> {
  const key = keys.update(update.sha256);
  const value = JSON.stringify(update);
  for (;;) {
    const kv = (await client.get(key).exec()).kvs[0];
    if (kv && (!update.signature || parseJson<StoredUpdate>(kv.value.toString())?.signature === update.signature)) return;
    const guard = kv ? client.if(key, 'Mod', '==', kv.mod_revision) : client.if(key, 'Create', '==', 0);
    if ((await guard.then(client.put(key).value(value)).commit()).succeeded) return;
  }
}

function newId(app: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${app}-${stamp}-${crypto.randomBytes(2).toString('hex')}`;
}

async function pointerOf(client: Etcd3, keys: FleetKeys, app: string) {
  const kv = (await client.get(keys.pointer(app)).exec()).kvs[0];
  const c = checkPointer(kv ? kv.value.toString() : null);
  if (!c.ok) throw new CliError(1, `${keys.pointer(app)}: ${c.problem}`);
  return { pointer: c.value, mod: kv ? String(kv.mod_revision) : null };
}

/** The app's lock, waiting for (or superseding) the coordinator that holds it. */
async function takeLock(client: Etcd3, keys: FleetKeys, req: RolloutRequest, outages: EtcdOutages): Promise<AppLock> {
  const what = `${req.kind} ${req.update?.name ?? 'of the release'}`;
  const key = keys.lock(req.app);
  const now = await AppLock.acquire(client, key, what, outages, 0);
  if (now) return now;
  const { pointer } = await outages.retry(() => pointerOf(client, keys, req.app));
  if (req.supersede && pointer && pointer.phase === 'running') {
    await outages.retry(() => client.put(keys.abort(pointer.rollout)).value(JSON.stringify({ cause: 'supersede', at: Date.now(), by: `${what} on ${req.app}` })).exec());
    req.say(`superseding rollout ${pointer.rollout} of ${req.app}: it is reverted, then this one starts`);
  }
  const lock = await AppLock.acquire(client, key, what, outages, Number.MAX_SAFE_INTEGER, (h) => {
    if (!req.supersede) req.say(`waiting for rollout ${pointer?.rollout ?? '?'} of ${req.app} to end (its coordinator: ${describeHolder(h)}); --supersede ends it instead`);
  });
  return lock!;
}

/** An unfinished rollout of the app that no coordinator drives: superseded (driven to its revert here), or an error. */
async function leftBehind(client: Etcd3, keys: FleetKeys, req: RolloutRequest, lock: AppLock, outages: EtcdOutages, rollout: string): Promise<void> {
  if (!req.supersede) {
    await lock.release();
    throw new CliError(1, `rollout ${rollout} of ${req.app} is unfinished and no coordinator drives it: \`moult fleet resume ${rollout}\`, \`moult fleet abort ${rollout}\`, or --supersede`);
  }
  const plan = checkPlan(await outages.retry(() => client.get(keys.rollout(rollout)).string()), rollout);
  if (!plan.ok) throw new CliError(1, `cannot supersede rollout ${rollout}: ${plan.problem}`);
  await outages.retry(() => client.put(keys.abort(rollout)).value(JSON.stringify({ cause: 'supersede', at: Date.now(), by: `${req.kind} ${req.update?.name ?? ''} on ${req.app}` })).exec());
  req.say(`superseding rollout ${rollout} of ${req.app} (no coordinator drove it): reverting it first`);
  await new Coordinator(client, keys, req.emit, outages).drive(plan.value, lock);
}

export async function startRollout(client: Etcd3, keys: FleetKeys, req: RolloutRequest, outages: EtcdOutages): Promise<Started> {
  const lock = await takeLock(client, keys, req, outages);
  try {
    let { pointer, mod } = await outages.retry(() => pointerOf(client, keys, req.app));
    if (pointer && pointer.phase !== 'over') {
      await leftBehind(client, keys, req, lock, outages, pointer.rollout);
      ({ pointer, mod } = await outages.retry(() => pointerOf(client, keys, req.app)));
    }
    const releaseText = await outages.retry(() => client.get(keys.release(req.app)).string());
    const parsed = json(releaseText ?? '[]', 'the release');
    const release = parsed.ok && Array.isArray(parsed.value) ? (parsed.value as ReleaseEntry[]) : [];
    let sha256: string;
    let name: string;
    if (req.kind === 'rollback') {
      const last = release[release.length - 1];
      if (!last) throw new CliError(1, `${req.app} has no fleet release to roll back`);
      ({ sha256, name } = last);
    } else {
      const u = req.update!;
      const there = release.find((e) => e.sha256 === u.sha256);
      if (there && !req.options.hosts) {
        await lock.release();
        return { nothing: `${u.name} is already in ${req.app}'s fleet release (rollout ${there.rollout}): nothing to do` };
      }
      await outages.retry(() => storeUpdate(client, keys, u));
      ({ sha256, name } = u);
    }
    const { live, members } = await outages.retry(() => hostsAndMembers(client, keys));
    const waves = planWaves(req.app, live, members, parseHostFilter(req.options.hosts), req.options.canary, req.options.batch);
    const now = Date.now();
    const plan: RolloutPlan = {
      id: newId(req.app), app: req.app, kind: req.kind, sha256, name, generation: (pointer?.generation ?? 0) + 1,
      options: req.options, waves: waves.waves, missed: waves.missed, created_at: now,
    };
    const progress: RolloutProgress = { id: plan.id, app: plan.app, kind: plan.kind, name, phase: 'running', wave: 0, ordered_at: [], state: 'running', created_at: now, updated_at: now };
    const guard = () => (mod === null ? lock.txn().and(keys.pointer(req.app), 'Create', '==', 0) : lock.txn().and(keys.pointer(req.app), 'Mod', '==', mod));
    const r = await outages.retry(() => guard().then(
      client.put(keys.rollout(plan.id)).value(JSON.stringify(plan)),
      client.put(keys.progress(plan.app, plan.id)).value(JSON.stringify(progress)),
      client.put(keys.pointer(plan.app)).value(JSON.stringify({ rollout: plan.id, generation: plan.generation, phase: 'running' })),
    ).commit());
    if (!r.succeeded) throw new CliError(1, `the rollout of ${req.app} could not be written: its lock or pointer changed meanwhile; try again`);
    req.say(`rollout ${plan.id}: ${plan.kind} ${name} on ${plan.app}, ${plan.waves.length} wave(s): ${plan.waves.map((w) => w.join(',')).join(' | ')}${plan.missed.length ? `; missed (down): ${plan.missed.join(', ')}` : ''}`);
    return { plan, lock };
  } catch (err) {
    await lock.release();
    throw err;
  }
}
