// The fleet's records as both sides read them from etcd, matched against their exact shape before
// use (issue 16 item 2: anyone who can write to etcd can put any JSON under the prefix). What only
// hosts read (orders, stored updates, release entries) is checked in daemon/fleet/etcd-records.ts
// with these helpers; what both read (the app's rollout pointer, results, retired entries) and
// what the CLI reads (plans, progress, aborts, verdicts) is checked here.
import type { OrderResult, RetiredEntry, RolloutPointer } from './fleet';
import type { AbortRequest, RolloutControl, RolloutPlan, RolloutProgress, SilentVerdict } from './fleet-rollout';
import { rolloutIdProblem, sha256Problem, fileNameProblem } from './identifiers';
import { preview } from './limits';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const bad = <T>(problem: string): Checked<T> => ({ ok: false, problem });
export const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const optional = <T>(v: unknown, is: (x: unknown) => x is T): boolean => v === undefined || is(v);

export function json(text: string | null, what: string): Checked<unknown> {
  if (text === null) return bad(`${what} is not in etcd`);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return bad(`${what} is not JSON`);
  }
}

/** A checked object, or why not: `fields` names each field's problem (null when it is right). */
function object<T>(text: string | null, what: string, fields: (o: Json) => Record<string, string | null>): Checked<T> {
  const parsed = json(text, what);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  if (!isObject(o)) return bad(`${what} is not an object`);
  for (const [field, problem] of Object.entries(fields(o))) if (problem) return bad(`${what}: ${field}: ${problem}`);
  return { ok: true, value: o as T };
}

const expect = (ok: boolean, what: string, v: unknown): string | null => (ok ? null : `expected ${what}, not ${preview(v)}`);
const generationProblem = (v: unknown): string | null => expect(Number.isSafeInteger(v) && (v as number) >= 1, 'a generation (a whole number >= 1)', v);

/** `<prefix>/apps/<app>/rollout`: null when the app never had a rollout. */
export function checkPointer(text: string | null): Checked<RolloutPointer | null> {
  if (text === null) return { ok: true, value: null };
  const c = object<RolloutPointer>(text, 'the app\'s rollout pointer', (o) => ({
    rollout: rolloutIdProblem(o.rollout),
    generation: generationProblem(o.generation),
    phase: expect(o.phase === 'running' || o.phase === 'reverting' || o.phase === 'over', 'running, reverting or over', o.phase),
  }));
  return c.ok ? { ok: true, value: { rollout: c.value.rollout, generation: c.value.generation, phase: c.value.phase } } : c;
}

const OUTCOMES = new Set(['completed', 'failed', 'refused', 'rolledback', 'rollback-failed']);
const NEEDS_ERROR = new Set(['failed', 'refused', 'rollback-failed']);
const isNames = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 1000 && v.every((n) => isString(n, 200));

/** `<prefix>/results/<rollout>/<host>/<action>`, written by a host. */
export function checkResult(text: string | null): Checked<OrderResult> {
  return object<OrderResult>(text, 'the result', (o) => ({
    outcome: expect(typeof o.outcome === 'string' && OUTCOMES.has(o.outcome), 'an outcome (completed, failed, refused, rolledback, rollback-failed)', o.outcome),
    at: expect(nonNegative(o.at), 'a time', o.at),
    error: NEEDS_ERROR.has(o.outcome as string) ? expect(isString(o.error, 8192), 'the reason', o.error) : expect(optional(o.error, isString), 'a reason', o.error),
    updates: expect(optional(o.updates, isNames), 'a list of update names', o.updates),
    note: expect(optional(o.note, (v): v is string => isString(v, 1000)), 'a note', o.note),
  }));
}

/**
 * A list of records (absent: empty), each checked by `entry` (why not, or null) and copied by
 * `pick`: entries that are not well formed are a problem of the whole list, not skipped.
 */
export function checkList<T>(text: string | null, what: string, entry: (e: Json) => string | null, pick: (e: Json) => T): Checked<T[]> {
  if (text === null) return { ok: true, value: [] };
  const parsed = json(text, `the ${what}`);
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value)) return bad(`the ${what} is not a list`);
  const out: T[] = [];
  for (const [i, e] of parsed.value.entries()) {
    const problem = isObject(e) ? entry(e) : 'not an object';
    if (problem) return bad(`${what}[${i}]: ${problem}`);
    out.push(pick(e as Json));
  }
  return { ok: true, value: out };
}

/** `<prefix>/apps/<app>/retired`: absent is an empty list. */
export function checkRetired(text: string | null): Checked<RetiredEntry[]> {
  return checkList(text, 'retired list',
    (e) => sha256Problem(e.sha256) ?? rolloutIdProblem(e.rollout) ?? rolloutIdProblem(e.by) ?? fileNameProblem(e.name) ?? expect(nonNegative(e.at), 'a time', e.at),
    (e) => ({ sha256: e.sha256 as string, rollout: e.rollout as string, name: e.name as string, by: e.by as string, at: e.at as number }));
}

const KINDS = new Set(['update', 'patch', 'rollback']);
const isHostName = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/.test(v);
const isWaveList = (v: unknown): v is number[] => Array.isArray(v) && v.length <= 10_000 && v.every((n) => Number.isSafeInteger(n) && n >= 0);
const isWaves = (v: unknown): v is string[][] => Array.isArray(v) && v.every((w) => Array.isArray(w) && w.every(isHostName));

/** `<prefix>/rollouts/<id>`: the plan. */
export function checkPlan(text: string | null, id: string): Checked<RolloutPlan> {
  return object<RolloutPlan>(text, `rollout ${id}`, (o) => ({
    id: expect(o.id === id, `its own id ${id}`, o.id),
    app: expect(isString(o.app, 128), 'an app name', o.app),
    kind: expect(KINDS.has(o.kind as string), 'update, patch or rollback', o.kind),
    sha256: sha256Problem(o.sha256),
    name: fileNameProblem(o.name),
    generation: generationProblem(o.generation),
    options: expect(isObject(o.options) && nonNegative(o.options.deadline_ms) && nonNegative(o.options.min_healthy_ms) && nonNegative(o.options.max_failures)
      && nonNegative(o.options.canary) && typeof o.options.batch === 'string' && optional(o.options.hosts, isString) && optional(o.options.interval_ms, nonNegative)
      && optional(o.options.progress_deadline_ms, nonNegative) && optional(o.options.pause_after, isWaveList), 'the rollout\'s options', o.options),
    waves: expect(isWaves(o.waves), 'lists of host names', o.waves),
    missed: expect(Array.isArray(o.missed) && o.missed.every(isHostName), 'a list of host names', o.missed),
    created_at: expect(nonNegative(o.created_at), 'a time', o.created_at),
  }));
}

const STATES = new Set(['running', 'reverting', 'succeeded', 'rolledback', 'aborted', 'superseded', 'failed']);
const CAUSES = new Set(['success', 'failures', 'abort', 'supersede', 'etcd-lost', 'progress-deadline']);
const HOLDS = new Set(['paused', 'gate', 'interval']);

/** `<prefix>/progress/<app>/<id>`. */
export function checkProgress(text: string | null, what: string): Checked<RolloutProgress> {
  return object<RolloutProgress>(text, what, (o) => ({
    id: rolloutIdProblem(o.id),
    app: expect(isString(o.app, 128), 'an app name', o.app),
    kind: expect(KINDS.has(o.kind as string), 'update, patch or rollback', o.kind),
    name: expect(isString(o.name, 200), 'a name', o.name),
    phase: expect(o.phase === 'running' || o.phase === 'reverting' || o.phase === 'over', 'running, reverting or over', o.phase),
    wave: expect(Number.isSafeInteger(o.wave) && (o.wave as number) >= 0, 'a wave number', o.wave),
    ordered_at: expect(Array.isArray(o.ordered_at) && o.ordered_at.every(nonNegative), 'a list of times', o.ordered_at),
    cause: expect(o.cause === undefined || CAUSES.has(o.cause as string), 'a cause', o.cause),
    reason: expect(optional(o.reason, (v): v is string => isString(v, 8192)), 'a reason', o.reason),
    state: expect(STATES.has(o.state as string), 'a rollout state', o.state),
    created_at: expect(nonNegative(o.created_at), 'a time', o.created_at),
    updated_at: expect(nonNegative(o.updated_at), 'a time', o.updated_at),
    ended_at: expect(optional(o.ended_at, nonNegative), 'a time', o.ended_at),
    held: expect(o.held === undefined || (isObject(o.held) && HOLDS.has(o.held.why as string) && nonNegative(o.held.since)), '{why: paused|gate|interval, since}', o.held),
    held_ms: expect(optional(o.held_ms, nonNegative), 'a duration', o.held_ms),
  }));
}

/** `<prefix>/controls/<id>`: none asked yet is `{paused: false, promoted: -1}`. */
export function checkControl(text: string | null): Checked<RolloutControl> {
  if (text === null) return { ok: true, value: { paused: false, promoted: -1, at: 0 } };
  return object<RolloutControl>(text, 'the rollout\'s controls', (o) => ({
    paused: expect(typeof o.paused === 'boolean', 'true or false', o.paused),
    promoted: expect(Number.isSafeInteger(o.promoted) && (o.promoted as number) >= -1, 'a wave index or -1', o.promoted),
    at: expect(nonNegative(o.at), 'a time', o.at),
  }));
}

/** `<prefix>/aborts/<id>`: null when none was asked. */
export function checkAbort(text: string | null): Checked<AbortRequest | null> {
  if (text === null) return { ok: true, value: null };
  return object<AbortRequest>(text, 'the abort request', (o) => ({
    cause: expect(o.cause === 'abort' || o.cause === 'supersede', 'abort or supersede', o.cause),
    at: expect(nonNegative(o.at), 'a time', o.at),
    by: expect(optional(o.by, (v): v is string => isString(v, 400)), 'who', o.by),
  }));
}

/** `<prefix>/verdicts/<id>/<host>`. */
export function checkVerdict(text: string | null): Checked<SilentVerdict> {
  return object<SilentVerdict>(text, 'the verdict', (o) => ({
    at: expect(nonNegative(o.at), 'a time', o.at),
    error: expect(isString(o.error, 1000), 'the reason', o.error),
  }));
}
