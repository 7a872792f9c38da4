// The exact shapes of the identifiers moult reads from outside (etcd, state.json, run records,
// dump.json, frames) before it builds a path, a key or a file name from them (issue 16, item 2:
// the `sha256` field of a stored fleet update was used as a path as it came, audit row 6.7).
// Each check says what was expected, echoing the refused value short and escaped.
import path from 'node:path';
import { boundedTextProblem, preview } from './limits';

const SHA256 = /^[0-9a-f]{64}$/;

export const isSha256 = (v: unknown): v is string => typeof v === 'string' && SHA256.test(v);

/** Why `v` is not a sha256 (64 lowercase hex digits), or null. */
export function sha256Problem(v: unknown): string | null {
  return isSha256(v) ? null : `expected a sha256 (64 hex digits), not ${preview(v)}`;
}

/** Longest file name moult makes from a given name (ext4 and most file systems take 255 bytes). */
const MAX_FILE_NAME = 200;

/**
 * Why `v` cannot be used as one file name inside a folder of moult's (an update's base name): it
 * must be a plain name, never a path, nor `.`/`..`, nor hidden, nor hold control characters.
 */
export function fileNameProblem(v: unknown): string | null {
  if (typeof v !== 'string' || !v) return `expected a file name, not ${preview(v)}`;
  const bounded = boundedTextProblem(v, MAX_FILE_NAME);
  if (bounded) return bounded;
  if (v.includes('/') || v.includes('\\') || v.includes('\0') || path.basename(v) !== v || v.startsWith('.')) {
    return `expected a plain file name (no folder, not hidden), not ${preview(v)}`;
  }
  return null;
}

const ROLLOUT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,159}$/;

/** Rollout ids (the coordinator makes `<app>-<date>-<time>-<hex>`). */
export function rolloutIdProblem(v: unknown): string | null {
  return typeof v === 'string' && ROLLOUT_ID.test(v) ? null : `expected a rollout id (letters, digits, "_", "." and "-"), not ${preview(v)}`;
}

/** True when `file` is exactly `<dir>/<name>` for a plain name: no other folder, no `..`. */
export function isDirectlyIn(dir: string, file: string): boolean {
  return path.dirname(file) === path.resolve(dir) && fileNameProblem(path.basename(file)) === null && path.resolve(file) === file;
}
