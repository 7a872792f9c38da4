// `moult patch` on an instrumented module (SPEC 6.4), the main path: once no changed function
// runs or waits, each one's new version is compiled inside the module's own scope (so it sees the
// module's current top-level bindings) and put in its slot, which every existing reference to
// the function reads. O(1) in the heap; journaled, replayed after restarts, undone by rollback.
import { Update } from '../dsu/update';
import { journal } from '../core/journal';
import { isLiteralActive, writeSlot } from '../instrument/slots';
import { MoultRuntimeError, errorMessage } from '../core/errors';
import type { ModuleRecord } from '../instrument/modules';
import { slotMaps, type PatchPlan } from './plan';
import { EXPORT_SET, IMPORTS, importKey } from './top-level';
import { redirectIn, type Resolution } from './resolutions';
import { createRequire, isBuiltin } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The scope a module's next patch compiles in, once a patch added declarations (else the module's own). */
const scopes = new WeakMap<ModuleRecord, (src: string) => unknown>();

/** Evaluates code where the module's current code runs: its latest patch's scope, else its own (null before it finished loading). */
export function moduleScope(record: ModuleRecord): ((src: string) => unknown) | null {
  return scopes.get(record) ?? record.holders[0].e ?? null;
}

export class SlotPatchUpdate extends Update {
  private lastBlock = '';

  /** A release's resolutions (resolutions.ts): where the module's new imports of a moved dependency go. */
  resolutions: readonly Resolution[] = [];

  constructor(readonly record: ModuleRecord, readonly label: string, readonly source: string, readonly plan: PatchPlan) {
    super({ name: `patch:${label}` });
  }

  /** New imports of an ES module: loaded now (import() is asynchronous), read by the prelude when it applies. */
  override async preupdateSetup(): Promise<void> {
    if (!this.plan.imports.length) return;
    const table = ((globalThis as Record<symbol, unknown>)[IMPORTS] ??= new Map()) as Map<string, unknown>;
    const from = this.record.url;
    for (const spec of this.plan.imports) {
      let target = spec;
      const moved = redirectIn(this.resolutions, fileURLToPath(from), spec);
      if (/^\.{0,2}\//.test(spec)) target = new URL(spec, from).href;
      else if (moved) target = pathToFileURL(createRequire(fileURLToPath(from)).resolve(moved)).href;
      else if (!isBuiltin(spec)) target = pathToFileURL(createRequire(fileURLToPath(from)).resolve(spec)).href;
      try {
        table.set(importKey(from, spec), await import(target));
      } catch (err) {
        throw new MoultRuntimeError('EPATCH', `${this.label}: cannot import ${spec}: ${errorMessage(err)}`);
      }
    }
  }

  override checkAlterability(): boolean {
    for (const c of this.plan.changed) {
      if (isLiteralActive({ record: this.record, entry: c.old })) {
        this.lastBlock = `${c.label} is running or has a suspended call`;
        return false;
      }
    }
    return true;
  }

  get blockedBy(): string {
    return this.lastBlock;
  }

  override apply(): void {
    const evaluate = moduleScope(this.record);
    if (!evaluate) throw new MoultRuntimeError('EPATCH', `${this.label} has not finished loading: its scope cannot be reached yet`);
    // Every new version is compiled before any slot changes: a patch applies whole or not at all.
    let versions: Function[];
    if (this.plan.prelude.length) {
      // An export the prelude assigns again (top-level.ts exportCode): undone with the patch.
      (globalThis as Record<symbol, unknown>)[EXPORT_SET] ??= (obj: Record<string, unknown>, key: string, value: unknown): void => {
        const had = Object.prototype.hasOwnProperty.call(obj, key);
        const old = obj[key];
        obj[key] = value;
        journal(`export ${key}`, () => { if (had) obj[key] = old; else delete obj[key]; });
      };
      // New declarations: evaluated once, in an arrow nested in the module's scope (so `this` and
      // `arguments` stay the module's), where the new versions are compiled; its own eval is the
      // scope of the module's next patch.
      const code = `(()=>{${this.plan.prelude.join('\n')}\nreturn [${this.plan.changed.map((c) => c.expression).join(',')},(__moult_src)=>eval(__moult_src)];})()`;
      let out: unknown[];
      try {
        out = evaluate(code) as unknown[];
      } catch (err) {
        throw new MoultRuntimeError('EPATCH', `${this.label}: cannot evaluate the new declarations in the module's scope: ${errorMessage(err)}`);
      }
      const scope = out.pop() as (src: string) => unknown;
      versions = out as Function[];
      const before = scopes.get(this.record);
      scopes.set(this.record, scope);
      journal(`scope of ${this.label}`, () => { if (before) scopes.set(this.record, before); else scopes.delete(this.record); });
    } else {
      versions = this.plan.changed.map((c) => {
        try {
          const fn = evaluate(c.expression);
          if (typeof fn !== 'function') throw new Error('not a function');
          return fn as Function;
        } catch (err) {
          throw new MoultRuntimeError('EPATCH', `${this.label}: cannot compile the new ${c.label} in the module's scope: ${errorMessage(err)}`);
        }
      });
    }
    this.plan.changed.forEach((c, i) => writeSlot({ record: this.record, entry: c.old }, versions[i], `patch ${this.label}: ${c.label}`));
    const before = this.record.current;
    this.record.current = { source: this.source, functions: this.plan.functions, topBodies: this.plan.topBodies, tokens: this.plan.tokens };
    slotMaps.set(this.record.current, this.plan.slotOf);
    journal(`source of ${this.label}`, () => { this.record.current = before; });
    this.via.add('slot');
  }
}
