// What a host reads from etcd, checked at the edge, once (issue 16, item 2): anyone who can write
// to etcd can put any JSON under the fleet's prefix, and a host acts on it as the daemon's user.
// Orders, stored updates and release entries are matched against their exact shape here; a
// stored update must hash to the sha256 its order names. Nothing of a record that fails reaches
// the file system or the app (audit row 6.7: the `sha256` field was used as a path as it came).
import crypto from 'node:crypto';
import { MAX_FLEET_UPDATE_BYTES, MAX_ORDER_DURATION_MS, type Order, type ReleaseEntry, type StoredUpdate } from '../../protocol/fleet';
import { fileNameProblem, rolloutIdProblem, sha256Problem } from '../../protocol/identifiers';
import { MAX_PATH_LENGTH, boundedTextProblem, preview } from '../../protocol/limits';
import { bad, checkList, isObject, json, nonNegative, type Checked } from '../../protocol/fleet-records';
import { appNameProblem } from '../../config/ecosystem';

export type { Checked } from '../../protocol/fleet-records';
export { checkPointer, checkRetired } from '../../protocol/fleet-records';

// A duration a timer can hold, as the CLI bounds it: 1e308 became a 1 ms timer, which skipped the
// health gate (audit re-run row N-F2).
const duration = (v: unknown): boolean => nonNegative(v) && v <= MAX_ORDER_DURATION_MS;

/** An order found at `<prefix>/orders/<host>/<rollout>/<action>`. */
export function checkOrder(text: string | null): Checked<Order> {
  const parsed = json(text, 'the order');
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  if (!isObject(o)) return bad('the order is not an object');
  const problem = rolloutIdProblem(o.rollout) ? `rollout: ${rolloutIdProblem(o.rollout)}`
    : o.action !== 'apply' && o.action !== 'rollback' ? `action: expected apply or rollback, not ${preview(o.action)}`
      : typeof o.app !== 'string' || appNameProblem(o.app) ? `app: ${typeof o.app === 'string' ? appNameProblem(o.app) : `expected an app name, not ${preview(o.app)}`}`
        : sha256Problem(o.sha256) ? `sha256: ${sha256Problem(o.sha256)}`
          : !nonNegative(o.issued_at) ? 'issued_at: expected a number >= 0'
            : !duration(o.deadline_ms) ? `deadline_ms: expected milliseconds from 0 to ${MAX_ORDER_DURATION_MS}, not ${preview(o.deadline_ms)}`
            : !duration(o.min_healthy_ms) ? `min_healthy_ms: expected milliseconds from 0 to ${MAX_ORDER_DURATION_MS}, not ${preview(o.min_healthy_ms)}`
            : o.generation !== undefined && !(Number.isSafeInteger(o.generation) && (o.generation as number) >= 1) ? `generation: expected a whole number >= 1, not ${preview(o.generation)}`
              : null;
  if (problem) return bad(`order ${problem}`);
  // An order of an older moult has no generation: 0, which no rollout holds (it is refused as stale).
  return { ok: true, value: { rollout: o.rollout as string, generation: (o.generation as number | undefined) ?? 0, app: o.app as string, action: o.action as Order['action'], sha256: o.sha256 as string, issued_at: o.issued_at as number, deadline_ms: o.deadline_ms as number, min_healthy_ms: o.min_healthy_ms as number } };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The update stored at `<prefix>/updates/<sha256>`: its fields, and that its source hashes to
 * `sha256` (the key its order named). Its signature is checked by the caller, who knows the keys.
 */
export function checkStoredUpdate(text: string | null, sha256: string): Checked<StoredUpdate> {
  const what = `update ${sha256.slice(0, 12)}…`;
  const parsed = json(text, what);
  if (!parsed.ok) return parsed;
  const u = parsed.value;
  if (!isObject(u)) return bad(`${what} is not an object`);
  if (u.kind !== 'update' && u.kind !== 'patch') return bad(`${what}: kind: expected update or patch, not ${preview(u.kind)}`);
  const name = fileNameProblem(u.name);
  if (name) return bad(`${what}: name: ${name}`);
  if (u.sha256 !== sha256) return bad(`${what}: sha256: ${sha256Problem(u.sha256) ?? `${preview(u.sha256)} is not the key it is stored under`}`);
  if (typeof u.source !== 'string') return bad(`${what}: source: expected a string`);
  if (Buffer.byteLength(u.source) > MAX_FLEET_UPDATE_BYTES) return bad(`${what}: source: over ${MAX_FLEET_UPDATE_BYTES} bytes`);
  if (crypto.createHash('sha256').update(u.source).digest('hex') !== sha256) return bad(`${what}: its source does not hash to its sha256 (changed in etcd?)`);
  if (u.signature !== undefined && (typeof u.signature !== 'string' || u.signature.length > 200 || !BASE64.test(u.signature.trim()))) return bad(`${what}: signature: expected base64`);
  if (u.target !== undefined && (typeof u.target !== 'string' || boundedTextProblem(u.target, MAX_PATH_LENGTH))) return bad(`${what}: target: expected a path`);
  let release: StoredUpdate['release'];
  if (u.release !== undefined) {
    // A release (SPEC 6.5): its source is the base64 of a tarball.
    const r = u.release;
    if (!isObject(r) || (r.kind !== 'tree' && r.kind !== 'package') || typeof r.label !== 'string' || boundedTextProblem(r.label, MAX_PATH_LENGTH)
      || (r.name !== undefined && (typeof r.name !== 'string' || boundedTextProblem(r.name, MAX_PATH_LENGTH))) || u.kind !== 'patch' || !BASE64.test(u.source)) {
      return bad(`${what}: release: expected {kind: tree|package, label, name?} with a base64 tarball as source`);
    }
    release = { kind: r.kind, label: r.label, ...(r.name ? { name: r.name as string } : {}) };
  }
  return {
    ok: true,
    value: { kind: u.kind, name: u.name as string, sha256, source: u.source, ...(u.signature ? { signature: (u.signature as string).trim() } : {}), ...(u.target ? { target: u.target as string } : {}), ...(release ? { release } : {}) },
  };
}

/** `<prefix>/apps/<app>/release`: entries that are not well formed are a problem, not skipped. */
export function checkRelease(text: string | null): Checked<ReleaseEntry[]> {
  return checkList(text, 'release',
    (e) => sha256Problem(e.sha256) ?? rolloutIdProblem(e.rollout) ?? fileNameProblem(e.name)
      ?? (e.kind === 'update' || e.kind === 'patch' ? null : `kind: expected update or patch, not ${preview(e.kind)}`),
    (e) => ({ sha256: e.sha256 as string, rollout: e.rollout as string, name: e.name as string, kind: e.kind as ReleaseEntry['kind'] }));
}
