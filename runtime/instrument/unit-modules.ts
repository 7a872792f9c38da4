// The ES module side of an update unit (protocol/update-unit.ts; issue 16, items 2 and 3): the
// update and the local files it loads are served from memory, from what the daemon verified and
// sent, never read from disk. Used by the module loader's hooks: in this thread on Node 22+
// (load-hooks.ts), and on Node 20's loader thread (esm-hooks.mts, which keeps its own registry of
// what the main thread posts to it).
// - The entry is imported at a URL of its own in its folder (`<name>.moult-<hash>.mjs`), so that
//   its relative and bare imports resolve from there (audit rows 1.2 / 1.3).
// - A local specifier from a module of the unit resolves only within the unit, to the file's URL
//   with `?moult-unit=<id>`: each update gets its own copy of its helpers, and a helper the scan did
//   not see (a computed name) is refused, never read from disk.
// - From a CommonJS update (compiled from memory, so Node knows it by its real file URL), a
//   dynamic import() of one of the unit's files is served from memory too.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isLocalSpecifier, resolveLocal } from '../../protocol/update-unit';

/** What the main thread hands over (also posted, as is, to Node 20's loader thread). */
export interface UnitToServe {
  id: string;
  /** The entry's own URL (ES entry) and source; absent for a CommonJS entry. */
  entry?: { url: string; source: string };
  /** The CommonJS entry's real file URL, whose dynamic import()s the unit serves. */
  cjsParent?: string;
  /** Local files by absolute path. */
  files: [string, string][];
}

const PARAM = 'moult-unit';

interface Unit {
  id: string;
  paths: Set<string>;
}

const units = new Map<string, Unit>();
/** Module URLs whose local imports resolve only within a unit: entries (by URL) → unit id. */
const strictParents = new Map<string, string>();
/** CommonJS modules of a unit (known by their real URL): their imports of unit files are served. */
const softParents = new Map<string, string>();
/** Sources not loaded yet, by URL (each is loaded once: the loader caches modules by URL). */
const sources = new Map<string, string>();

export const memberUrl = (id: string, file: string): string => `${pathToFileURL(file).href}?${PARAM}=${id}`;

export function registerUnit(u: UnitToServe): void {
  units.set(u.id, { id: u.id, paths: new Set(u.files.map(([p]) => p)) });
  if (u.entry) {
    strictParents.set(u.entry.url, u.id);
    sources.set(u.entry.url, u.entry.source);
  }
  if (u.cjsParent) softParents.set(u.cjsParent, u.id);
  for (const [file, source] of u.files) {
    sources.set(memberUrl(u.id, file), source);
    if (/\.c[jt]s$|\.js$/.test(file)) softParents.set(pathToFileURL(file).href, u.id);
  }
}

function unitOf(parentURL: string | undefined): { unit: Unit; strict: boolean } | null {
  if (!parentURL?.startsWith('file:')) return null;
  const u = new URL(parentURL);
  const id = u.searchParams.get(PARAM) ?? strictParents.get(parentURL);
  if (id !== undefined && units.has(id)) return { unit: units.get(id)!, strict: true };
  const soft = softParents.get(parentURL);
  return soft !== undefined && units.has(soft) ? { unit: units.get(soft)!, strict: false } : null;
}

export class NotInUnit extends Error {
  code = 'ERR_MODULE_NOT_FOUND';
}

/**
 * Where `specifier` from `parentURL` resolves when the parent is a module of an update unit: its
 * URL in the unit, or null to let the loader resolve it as usual (a package, or not a unit's
 * module). Throws NotInUnit for a local file the unit does not have.
 */
export function resolveInUnit(specifier: string, parentURL: string | undefined): string | null {
  if (sources.has(specifier)) return specifier;
  const found = isLocalSpecifier(specifier) ? unitOf(parentURL) : null;
  if (!found) return null;
  const parentFile = fileURLToPath(parentURL!.replace(/\?.*$/, ''));
  const file = resolveLocal(path.dirname(parentFile), specifier, (p) => found.unit.paths.has(p));
  if (file) return memberUrl(found.unit.id, file);
  if (!found.strict) return null;
  throw new NotInUnit(`${specifier} (imported by ${path.basename(parentFile)}) is not part of the update: an update loads its own files only by a require() or import of a string the daemon can see, and they travel with it`);
}

const formatOf = (url: string): string => {
  const p = url.replace(/\?.*$/, '');
  return p.endsWith('.json') ? 'json' : /\.c[jt]s$/.test(p) ? 'commonjs' : 'module';
};

/** A unit module's source and format, once; undefined for any other URL. */
export function takeSource(url: string): { source: string; format: string } | undefined {
  const source = sources.get(url);
  if (source === undefined) return undefined;
  sources.delete(url);
  return { source, format: formatOf(url) };
}
