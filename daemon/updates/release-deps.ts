// The dependency versions a package's new version needs (SPEC 6.5, `--package`): express 4.20.0
// relies on encodeurl ~2.0.0 where express 4.19.1's tree has 1.0.x; applied alone, its files would
// run against the old dependency (and reopen CVE-2024-29041). Each copy's new dependencies are
// resolved the way Node resolves them from the copy (its own node_modules, then each folder above);
// one the tree does not satisfy is installed under the copy (`node_modules/express/node_modules/
// encodeurl`), where npm puts a version that conflicts with the hoisted one, and what it needs in
// turn likewise. The versions come from the registry through `npm pack <name>@<range>` (npm's own
// choice of the highest satisfying version, its cache, auth and proxy), unpacked as they are: no
// install scripts run (a package that needs one is not for a hot release). Written to disk with the
// release's other new files (and removed by its rollback); the runtime resolves the copy's
// requires there from then on (runtime/patch/resolutions.ts).
import fs from 'node:fs';
import path from 'node:path';
import { DaemonError } from '../control/errors';

 
const semver = require('semver') as { satisfies(version: string, range: string, opts?: { includePrerelease?: boolean }): boolean; validRange(range: string): string | null };

/** A dependency version to put in the tree: unpacked at `from`, installed at `at` (relative to the root). */
export interface DependencyInstall { name: string; version: string; at: string; from: string }

export interface Brought {
  installs: DependencyInstall[];
  /** For each copy of the released package (relative folder), the dependencies it resolves elsewhere now. */
  resolutions: { from: string; specifier: string; to: string }[];
}

/** Fetches `name@range` and returns the folder it is unpacked in. */
export type Fetch = (name: string, range: string) => Promise<string>;

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function dependencies(pkgDir: string): [string, string][] {
  const deps = readJson(path.join(pkgDir, 'package.json'))?.dependencies;
  if (!deps || typeof deps !== 'object') return [];
  return Object.entries(deps as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** The folders Node looks in for `name`, from a package at `dir` (relative to the root): its own node_modules, then each one above. */
function lookups(dir: string, name: string): string[] {
  const out: string[] = [];
  const parts = dir.split('/');
  for (let i = parts.length; i >= 0; i--) {
    if (i > 0 && parts[i - 1] === 'node_modules') continue;
    const base = parts.slice(0, i).join('/');
    out.push(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
  }
  return out;
}

export async function bringDependencies(root: string, copies: string[], newPkgDir: string, fetch: Fetch): Promise<Brought> {
  const planned = new Map<string, DependencyInstall>();
  const versionAt = (rel: string): string | null => {
    const p = planned.get(rel);
    if (p) return p.version;
    const v = readJson(path.join(root, rel, 'package.json'))?.version;
    return typeof v === 'string' ? v : null;
  };
  const resolutions: Brought['resolutions'] = [];
  const queue: { dir: string; deps: [string, string][]; top: boolean }[] = copies.map((c) => ({ dir: c, deps: dependencies(newPkgDir), top: true }));
  const fetched = new Map<string, string>();
  while (queue.length) {
    const { dir, deps, top } = queue.shift()!;
    for (const [name, range] of deps) {
      if (!semver.validRange(range)) {
        throw new DaemonError('EBADFILE', `${dir} needs ${name}@${range}, which is not a registry version range: install it yourself, then release`);
      }
      const found = lookups(dir, name).find((rel) => versionAt(rel) !== null);
      if (found && semver.satisfies(versionAt(found)!, range, { includePrerelease: true })) continue;
      const at = `${dir}/node_modules/${name}`;
      if (found === at) throw new DaemonError('EBADFILE', `${at} holds ${name}@${versionAt(at)}, and ${dir}'s new version needs ${range}: update it first`);
      const key = `${name}@${range}`;
      let from = fetched.get(key);
      if (!from) {
        from = await fetch(name, range);
        fetched.set(key, from);
      }
      const version = readJson(path.join(from, 'package.json'))?.version;
      if (typeof version !== 'string' || !semver.satisfies(version, range, { includePrerelease: true })) throw new DaemonError('EBADFILE', `${key}: the registry gave ${String(version)}`);
      planned.set(at, { name, version, at, from });
      if (top) resolutions.push({ from: dir, specifier: name, to: at });
      queue.push({ dir: at, deps: dependencies(from), top: false });
    }
  }
  return { installs: [...planned.values()], resolutions };
}
