// An app's release (SPEC 6.6): its completed updates in force, in order, and an id for that list,
// so that "which code does this instance run?" has one answer to compare with. The id hashes what
// each update changed (its kind, patch target, source hash and name), not its update id: the
// same updates give the same id whenever and wherever they were applied. A step is what one
// `moult update` / `moult patch` (one update id) put in force: it is replayed, and undone, as one.
import crypto from 'node:crypto';
import type { RecordedUpdate } from '../state/store';

/** One update of a step, as an instance reports it (its update id and the update's name). */
export interface Applied {
  update_id: string;
  name: string;
}

export interface ReleaseStep {
  update_id: string;
  /** The recorded updates of the step, in the order they completed. */
  entries: RecordedUpdate[];
}

/** In force: completed, neither failed nor rolled back since. */
export const inForce = (entries: readonly RecordedUpdate[]): RecordedUpdate[] => entries.filter((u) => !u.failed && !u.rolled_back);

/** The release's steps, in order: entries in force grouped by update id. */
export function stepsOf(entries: readonly RecordedUpdate[]): ReleaseStep[] {
  const steps: ReleaseStep[] = [];
  for (const e of inForce(entries)) {
    const last = steps[steps.length - 1];
    if (last?.update_id === e.update_id) last.entries.push(e);
    else steps.push({ update_id: e.update_id, entries: [e] });
  }
  return steps;
}

const keyOf = (e: RecordedUpdate): string => `${e.patch ? `patch:${e.patch.target ?? ''}` : 'update'}\t${e.sha256}\t${e.name}`;

/** 12 hex digits: enough to tell releases apart at a glance, short enough for `moult ls`. */
const hash = (keys: readonly string[]): string => crypto.createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 12);

export function releaseIdOf(entries: readonly RecordedUpdate[]): string {
  return hash(inForce(entries).map(keyOf));
}

/**
 * The id of what an instance runs (its completed updates, as it reported them), computed like
 * a release's. An update this app never recorded (it cannot be compared by content) counts by its
 * update id, and the id then differs from any release of recorded updates.
 */
export function codeIdOf(applied: readonly Applied[], entries: readonly RecordedUpdate[]): string {
  const known = new Map(entries.map((e) => [`${e.update_id}\t${e.name}`, e]));
  return hash(applied.map((a) => {
    const e = known.get(`${a.update_id}\t${a.name}`);
    return e ? keyOf(e) : `unrecorded\t${a.update_id}\t${a.name}`;
  }));
}

/** Does the instance run exactly the release (the same updates, in the same order)? */
export function runsRelease(applied: readonly Applied[], entries: readonly RecordedUpdate[]): boolean {
  const release = inForce(entries);
  return applied.length === release.length && applied.every((a, i) => a.update_id === release[i].update_id && a.name === release[i].name);
}
