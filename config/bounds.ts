// Bounds on what an ecosystem may ask for (issue 16, item 6): values of the right shape that no
// machine can honour. `instances: 1e300` ran the daemon out of memory, `100000` began a fork bomb,
// `kill_timeout: "99999999999h"` overflowed the timer and fired after 1 ms (audit rows 5.3, 5.4,
// 5.7). The fields are found from the schema, so a field added later is bounded too: every
// `$ref: #/$defs/duration` is a duration, and `x-bound` marks sizes, instance counts and the
// number of rotated logs. The limits themselves are protocol/limits.ts's. The same check runs on
// the CLI's raw file and, in the daemon, on the normalised apps a `start` frame carries.
import os from 'node:os';
import { parseDuration } from './duration';
import { parseSize } from './size';
import { formatPath, describeValue, type Schema, type Violation } from './schema-validator';
import { MAX_DURATION_MS, MAX_INSTANCES, MAX_LOG_RETAIN, MAX_SIZE_BYTES, MAX_TOTAL_INSTANCES } from '../protocol/limits';

const DURATION_REF = '#/$defs/duration';

type Bound = 'instances' | 'size' | 'log-retain';

/** pm2's `instances`: "max" and 0 mean one per CPU, -N one per CPU but N (at least one). */
export function resolveInstances(v: number | string): number {
  const n = v === 'max' ? 0 : Number(v);
  const cpus = os.availableParallelism();
  if (n === 0) return cpus;
  // pm2 (God.prepare, issue 21): -N is one per CPU but N, at least one (pm2's -i -100 is 1).
  if (n < 0) return Math.max(1, cpus + n);
  return n;
}

/** Why `n` instances of one app are refused, or null (`-i`, `scale`, the ecosystem). */
export function instancesProblem(n: number): string | null {
  return n > MAX_INSTANCES ? `${describeValue(n)} instances is over the limit of ${MAX_INSTANCES} instances per app` : null;
}

/** A value as read: a number or a string in the field's own unit syntax; null when not of that shape (the schema says so). */
function read(parse: (v: number | string) => number, v: unknown): number | null {
  if (typeof v !== 'number' && typeof v !== 'string') return null;
  try {
    return parse(v);
  } catch {
    return null;
  }
}

function problemOf(bound: Bound | 'duration', v: unknown): string | null {
  switch (bound) {
    case 'duration': {
      const ms = read(parseDuration, v);
      return ms !== null && ms > MAX_DURATION_MS ? `${describeValue(v)} is over the limit of ${MAX_DURATION_MS} ms (about 24.8 days, 596h: the longest a timer can wait)` : null;
    }
    case 'size': {
      const bytes = read(parseSize, v);
      return bytes !== null && bytes > MAX_SIZE_BYTES ? `${describeValue(v)} is over the limit of 1 TiB (${MAX_SIZE_BYTES} bytes)` : null;
    }
    case 'instances':
      return typeof v === 'number' ? instancesProblem(v) : null;
    case 'log-retain':
      return typeof v === 'number' && v > MAX_LOG_RETAIN ? `${describeValue(v)} is over the limit of ${MAX_LOG_RETAIN} rotated files` : null;
  }
}

/** Every bounded field of `value` (a whole ecosystem) past its limit, with its path. */
export function boundsProblems(schema: Schema, value: unknown): Violation[] {
  const out: Violation[] = [];
  const defs = (schema.$defs ?? {}) as Record<string, Schema>;
  const visit = (s: Schema, v: unknown, at: (string | number)[]): void => {
    if (s.$ref === DURATION_REF || typeof s['x-bound'] === 'string') {
      const problem = problemOf(s.$ref === DURATION_REF ? 'duration' : (s['x-bound'] as Bound), v);
      if (problem) out.push({ path: formatPath(at), message: problem });
      return;
    }
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#/$defs/')) {
      const target = defs[s.$ref.slice('#/$defs/'.length)];
      if (target) visit(target, v, at);
      return;
    }
    if (Array.isArray(v)) {
      if (s.items) v.forEach((item, i) => visit(s.items!, item, [...at, i]));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      if (Object.prototype.hasOwnProperty.call(v, key)) visit(sub, (v as Record<string, unknown>)[key], [...at, key]);
    }
  };
  visit(schema, value, []);
  return out;
}

/** The app at which a file's instances add up past MAX_TOTAL_INSTANCES, if any. */
export function totalInstancesProblem(apps: readonly unknown[]): Violation | null {
  const counts = apps.map((a) => {
    const v = (a as { instances?: unknown } | null)?.instances;
    const n = v === undefined ? 1 : typeof v === 'number' || v === 'max' ? resolveInstances(v) : 0;
    // An app over its own limit is refused for that alone.
    return Number.isFinite(n) && n > 0 && n <= MAX_INSTANCES ? n : 0;
  });
  const sum = counts.reduce((acc, n) => acc + n, 0);
  if (sum <= MAX_TOTAL_INSTANCES) return null;
  let total = 0;
  const at = counts.findIndex((n) => (total += n) > MAX_TOTAL_INSTANCES);
  return { path: formatPath(['apps', at, 'instances']), message: `brings the file to ${sum} instances in all, over the limit of ${MAX_TOTAL_INSTANCES} for one daemon` };
}
