// Copies registry packages of this project's node_modules, with every package they depend on,
// into another folder's node_modules: there, outside moult's own tree, an app can have them
// instrumented (`updates.instrument` globs) and its own copy of a parser the runtime also loads.
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../runtime/helpers.mjs';

const NM = path.join(root, 'node_modules');

/** Copies `names` and their dependency closure into `dest` (a node_modules folder); returns the names copied. */
export function copyPackages(names, dest) {
  const done = new Set();
  const visit = (name) => {
    if (done.has(name)) return;
    const from = path.join(NM, name);
    if (!fs.existsSync(path.join(from, 'package.json'))) return; // an optional dependency not installed
    done.add(name);
    // The package's own nested node_modules come along with it.
    fs.cpSync(from, path.join(dest, name), { recursive: true, dereference: true });
    // Its dependencies, and those of the packages nested in it, that are not nested themselves.
    const needs = (dir, nested) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) {
        if (!nested.some((n) => fs.existsSync(path.join(n, dep)))) visit(dep);
      }
      const own = path.join(dir, 'node_modules');
      if (!fs.existsSync(own)) return;
      for (const e of fs.readdirSync(own)) {
        const names = e.startsWith('@') ? fs.readdirSync(path.join(own, e)).map((x) => `${e}/${x}`) : [e];
        for (const n of names) if (fs.existsSync(path.join(own, n, 'package.json'))) needs(path.join(own, n), [path.join(own, n, 'node_modules'), ...nested]);
      }
    };
    needs(from, [path.join(from, 'node_modules')]);
  };
  for (const n of names) visit(n);
  return [...done];
}
