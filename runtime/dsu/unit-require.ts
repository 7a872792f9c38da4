// The CommonJS side of an update unit (protocol/update-unit.ts; issue 16, item 3): the update's
// own `require('./helper')` is served from the files the daemon verified and sent, never read from
// disk; each update gets its own copy of its helpers (not the module cache's). Packages and Node's
// modules (bare specifiers) resolve from the update's folder as usual. A local file the unit does
// not have (required by a computed name the daemon could not see) is refused.
import path from 'node:path';
import Module from 'node:module';
import { isLocalSpecifier, resolveLocal } from '../../protocol/update-unit';
import { withoutInstrumentation } from '../instrument/load-hooks';

type CjsModule = Module & { _compile(source: string, file: string): void; require(id: string): unknown };
const nodeModulePaths = (dir: string): string[] => (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dir);

export class UnitRequire {
  private readonly loaded = new Map<string, { exports: unknown }>();

  constructor(private readonly files: ReadonlyMap<string, string>) {}

  /** Makes `m.require` serve the unit's files (its children get the same). */
  attach(m: Module): void {
    const mod = m as CjsModule;
    const own = Module.prototype.require;
    mod.require = (id: string): unknown => (isLocalSpecifier(id) ? this.local(id, mod) : own.call(mod, id));
  }

  private local(id: string, parent: CjsModule): unknown {
    const file = resolveLocal(path.dirname(parent.filename), id, (p) => this.files.has(p));
    if (!file) {
      const err = new Error(`${id} (required by ${path.basename(parent.filename)}) is not part of the update: an update loads its own files only by a require() or import of a string the daemon can see, and they travel with it`);
      (err as NodeJS.ErrnoException).code = 'MODULE_NOT_FOUND';
      throw err;
    }
    const done = this.loaded.get(file);
    if (done) return done.exports;
    const source = this.files.get(file)!;
    if (file.endsWith('.json')) {
      const json = { exports: JSON.parse(source) as unknown };
      this.loaded.set(file, json);
      return json.exports;
    }
    if (/\.m[jt]s$/.test(file)) {
      const err = new Error(`${id} is an ES module: import it (from an ES module update, or with import()), do not require it`);
      (err as NodeJS.ErrnoException).code = 'ERR_REQUIRE_ESM';
      throw err;
    }
    const child = new Module(file, parent) as CjsModule;
    child.filename = file;
    child.paths = nodeModulePaths(path.dirname(file));
    this.loaded.set(file, child); // before it runs: require cycles get its partial exports, as Node's do
    this.attach(child);
    withoutInstrumentation(() => child._compile(source, file));
    child.loaded = true;
    return child.exports;
  }
}
