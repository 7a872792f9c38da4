// A release (SPEC 6.5): what `moult patch <app> <dir|tarball>` and `--package <name>@<version>`
// send to every instance, as the one source of one update. The daemon builds it from the new
// files (only those that differ from the app's tree on disk); the runtime plans every file against
// the loaded modules and applies all of them, or none. Being one JSON text, a release is stored,
// signed, replayed and rolled back like any update source.

/** A file of the new tree: its path relative to the app's root (`/`-separated) and its new text. */
export interface ReleaseFile {
  path: string;
  source: string;
}

/** A package whose copy at `path` (relative to the root) the release moves from one version to another. */
export interface ReleasePackage {
  name: string;
  path: string;
  from: string | null;
  to: string;
}

export interface ReleaseManifest {
  moult_release: 1;
  /** What the user named: `cookie@0.7.0`, or the release folder's base name. */
  name: string;
  /** The app's root on this host: the files' paths are relative to it. */
  root: string;
  files: ReleaseFile[];
  packages: ReleasePackage[];
  /** `--recompute hooks.js`: the module of recompute hooks (runtime/patch/recompute.ts), as read by the daemon. */
  recompute?: { file: string; source: string };
  /**
   * Dependencies the release installed under a copy of the package (its new version needs them and
   * the tree did not have them): `from` (the copy) now resolves `specifier` to `to` (folders
   * relative to the root), as after a restart.
   */
  resolutions?: { from: string; specifier: string; to: string }[];
}

/**
 * How one file of a release reached the running code (the report says it per file): `slot`,
 * `liveedit` or both, `+recompute` when a declared hook re-ran what start-up computed with it;
 * `unchanged` (already as the release has it), `not-loaded`; `restart` / `reload` when the
 * release went in by --reload-if-needed.
 */
export type ReleasePath = string;

export interface ReleaseFileOutcome {
  file: string;
  via: ReleasePath;
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

/** Validates a release's text once, where it enters (the runtime); throws with the culprit's JSON path. */
export function parseRelease(text: string): ReleaseManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`release: not JSON (${(err as Error).message})`, { cause: err });
  }
  const r = raw as Partial<ReleaseManifest> | null;
  if (!r || typeof r !== 'object' || r.moult_release !== 1) throw new Error('release.moult_release: expected 1');
  if (!isString(r.name) || !isString(r.root) || !r.root.startsWith('/')) throw new Error('release.name / release.root: expected a name and an absolute path');
  if (!Array.isArray(r.files)) throw new Error('release.files: expected an array');
  r.files.forEach((f, i) => {
    if (!f || !isString(f.path) || !isString(f.source) || f.path.startsWith('/') || f.path.split('/').includes('..')) throw new Error(`release.files[${i}]: expected {path (relative, no ..), source}`);
  });
  if (!Array.isArray(r.packages)) throw new Error('release.packages: expected an array');
  if (r.recompute !== undefined && (!r.recompute || !isString(r.recompute.file) || !isString(r.recompute.source))) throw new Error('release.recompute: expected {file, source}');
  if (r.resolutions !== undefined && (!Array.isArray(r.resolutions) || !r.resolutions.every((x) => x && isString(x.from) && isString(x.specifier) && isString(x.to) && !x.from.split('/').includes('..') && !x.to.split('/').includes('..')))) throw new Error('release.resolutions: expected [{from, specifier, to}] (relative folders)');
  r.packages.forEach((p, i) => {
    if (!p || !isString(p.name) || !isString(p.path) || !isString(p.to) || !(p.from === null || isString(p.from))) throw new Error(`release.packages[${i}]: expected {name, path, from, to}`);
  });
  return r as ReleaseManifest;
}
