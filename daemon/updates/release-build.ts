// Builds a release (SPEC 6.5) from what the user names: a folder holding the app's next tree, or
// an unpacked package for every copy of it in the app's tree. Only the files that differ from the
// app's tree on disk are part of it: their new text goes to the instances (JavaScript only: the
// runtime plans those against the loaded modules), and every changed file, of any kind, is written
// to disk (release-disk.ts), so that a restart runs the release without a replay.
import fs from 'node:fs';
import path from 'node:path';
import type { ReleaseManifest, ReleasePackage } from '../../protocol/release';
import { DaemonError } from '../control/errors';
import type { Brought } from './release-deps';

/** Where a release comes from, as the client resolved it (a tarball, a registry version or a git ref is unpacked first). */
export type ReleaseSource =
  | { kind: 'tree'; dir: string; label: string }
  | { kind: 'package'; dir: string; name: string; label: string };

/** One file the release changes on disk: `from` (the new file) is copied over `path` (relative to the root). */
export interface DiskChange {
  path: string;
  from: string;
  /** False: the file is new (nothing to back up; removed again if the release does not stand). */
  exists: boolean;
}

export interface BuiltRelease {
  manifest: ReleaseManifest;
  disk: DiskChange[];
}

const RUNTIME_FILE = /\.[cm]?js$/;
/** Bounds of a release: what a tree walk reads, and what a frame to the app can carry. */
const MAX_FILES = 200_000;

/**
 * The app's root, which a release's paths are relative to: its `cwd` when that holds a package.json
 * and the script (an app run from its installed package, `node_modules/node-red/red.js`), else the
 * nearest folder at or above the script that has a package.json, else the script's folder.
 */
export function appRoot(script: string, cwd: string): string {
  const abs = path.resolve(cwd, script);
  if (fs.existsSync(path.join(cwd, 'package.json')) && abs.startsWith(path.resolve(cwd) + path.sep)) return path.resolve(cwd);
  const start = path.dirname(abs);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** Every regular file under dir, relative to it (`/`-separated); symlinks and .git are left alone. */
function filesUnder(dir: string, skip: (rel: string, name: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git' || skip(r, e.name)) continue;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else if (e.isFile()) {
        out.push(r);
        if (out.length > MAX_FILES) throw new DaemonError('EBADFILE', `${dir}: more than ${MAX_FILES} files: not a release`);
      }
    }
  };
  walk(dir, '');
  return out;
}

function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.size === sb.size && fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}

function versionAt(pkgDir: string): string | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Every copy of the package in the app's tree: `node_modules/<name>` folders at any depth (hoisted or nested). */
export function packageCopies(root: string, name: string): string[] {
  const copies: string[] = [];
  const visit = (nm: string, depth: number): void => {
    if (depth > 32 || !fs.existsSync(nm)) return;
    const hit = path.join(nm, name);
    if (fs.existsSync(path.join(hit, 'package.json'))) copies.push(path.relative(root, hit).split(path.sep).join('/'));
    for (const e of fs.readdirSync(nm, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const pkgs = e.name.startsWith('@') ? fs.readdirSync(path.join(nm, e.name), { withFileTypes: true }).filter((s) => s.isDirectory()).map((s) => path.join(nm, e.name, s.name)) : [path.join(nm, e.name)];
      for (const p of pkgs) visit(path.join(p, 'node_modules'), depth + 1);
    }
  };
  visit(path.join(root, 'node_modules'), 0);
  return copies;
}

function changes(root: string, targetRel: string, fromDir: string, skip?: (rel: string, name: string) => boolean): DiskChange[] {
  const out: DiskChange[] = [];
  for (const rel of filesUnder(fromDir, skip)) {
    const dest = targetRel ? `${targetRel}/${rel}` : rel;
    const abs = path.join(root, dest);
    const from = path.join(fromDir, rel);
    if (sameFile(from, abs)) continue;
    out.push({ path: dest, from, exists: fs.existsSync(abs) });
  }
  return out;
}

/** `brought`: dependency versions the package's new version needs, installed under its copies (release-deps.ts). */
export function buildRelease(root: string, src: ReleaseSource, brought?: Brought): BuiltRelease {
  if (!fs.statSync(src.dir, { throwIfNoEntry: false })?.isDirectory()) throw new DaemonError('EBADFILE', `${src.dir}: not a folder`);
  let disk: DiskChange[] = [];
  const packages: ReleasePackage[] = [];
  if (src.kind === 'tree') {
    disk = changes(root, '', src.dir);
    // The packages the new tree moves (every package.json that changes version).
    for (const c of disk) {
      if (!c.path.endsWith('/package.json') || !c.path.includes('node_modules/')) continue;
      const dir = c.path.slice(0, -'/package.json'.length);
      const to = versionAt(path.dirname(c.from));
      const name = dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (to) packages.push({ name, path: dir, from: c.exists ? versionAt(path.join(root, dir)) : null, to });
    }
  } else {
    const copies = packageCopies(root, src.name);
    if (!copies.length) throw new DaemonError('EBADFILE', `${src.name} is not in the app's tree (no node_modules/${src.name} under ${root})`);
    const to = versionAt(src.dir);
    if (!to) throw new DaemonError('EBADFILE', `${src.label}: no version in its package.json`);
    for (const copy of copies) {
      // The package's own files: never its bundled node_modules.
      disk.push(...changes(root, copy, src.dir, (rel) => rel === 'node_modules'));
      packages.push({ name: src.name, path: copy, from: versionAt(path.join(root, copy)), to });
    }
  }
  for (const dep of brought?.installs ?? []) {
    disk.push(...changes(root, dep.at, dep.from, (rel) => rel === 'node_modules'));
    packages.push({ name: dep.name, path: dep.at, from: null, to: dep.version });
  }
  // Files of the installed dependencies are new files: nothing loaded them, nothing to send.
  const installed = (brought?.installs ?? []).map((d) => `${d.at}/`);
  const files = disk.filter((c) => RUNTIME_FILE.test(c.path) && !installed.some((d) => c.path.startsWith(d))).map((c) => ({ path: c.path, source: fs.readFileSync(c.from, 'utf8') }));
  return { manifest: { moult_release: 1, name: src.label, root, files, packages, ...(brought?.resolutions.length ? { resolutions: brought.resolutions } : {}) }, disk };
}
