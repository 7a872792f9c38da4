// Where a package's requires go once a release installed the dependency versions its new version
// needs (SPEC 6.5, `--package`): the daemon puts them under the package's copy, where npm would
// (`node_modules/express/node_modules/encodeurl`), and a restart resolves them there. In the
// running process Node would not: it caches each (folder, specifier) resolution and the loaded
// module. So a release's resolutions are applied to every require made from the copy's own files
// (its old modules' and the new code's, at load or later): one wrapper of Module.prototype.require,
// installed by the first release that needs it, looking a specifier up only for files under a copy
// that has resolutions. Journaled: undoing the release takes its resolutions back.
import Module from 'node:module';
import path from 'node:path';
import { journal } from '../core/journal';

export interface Resolution {
  /** The copy of the package (absolute folder) whose own files resolve `specifier` to `to`. */
  from: string;
  specifier: string;
  /** The folder of the dependency's copy now (absolute). */
  to: string;
}

const table: Resolution[] = [];
let installed = false;

/** Whether `file` is one of the copy's own files (not a file of a package nested in it). */
function ownFile(from: string, file: string): boolean {
  return file.startsWith(from + path.sep) && !file.slice(from.length).includes(`${path.sep}node_modules${path.sep}`);
}

/** The specifier to require instead, from `file`, or null. */
export function redirected(file: string | undefined, specifier: string): string | null {
  return table.length ? redirectIn(table, file, specifier) : null;
}

/** Where `specifier` goes from `file` under these resolutions (null: where it went). */
export function redirectIn(list: readonly Resolution[], file: string | undefined, specifier: string): string | null {
  if (!file) return null;
  for (const r of list) {
    if (!ownFile(r.from, file)) continue;
    if (specifier === r.specifier) return r.to;
    if (specifier.startsWith(`${r.specifier}/`)) return r.to + specifier.slice(r.specifier.length);
  }
  return null;
}

function install(): void {
  if (installed) return;
  installed = true;
  const proto = Module.prototype as unknown as { require(this: NodeJS.Module, id: string): unknown };
  const original = proto.require;
  proto.require = function require(this: NodeJS.Module, id: string): unknown {
    return original.call(this, (typeof id === 'string' && table.length && redirected(this.filename, id)) || id);
  };
}

/** Puts a release's resolutions in force (journaled). */
export function applyResolutions(list: Resolution[]): void {
  if (!list.length) return;
  install();
  table.unshift(...list);
  journal(`resolutions of ${list.map((r) => r.specifier).join(', ')}`, () => {
    for (const r of list) {
      const i = table.indexOf(r);
      if (i !== -1) table.splice(i, 1);
    }
  });
}

/** The specifiers a file of the app resolves elsewhere under these resolutions. */
export function specifiersFor(file: string, list: Resolution[]): string[] {
  return list.filter((r) => ownFile(r.from, file)).map((r) => r.specifier);
}
