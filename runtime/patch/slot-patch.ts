// `moult patch` on an instrumented module (SPEC 6.4), the main path: once no changed function
// runs or waits, each one's new version is compiled inside the module's own scope (so it sees the
// module's current top-level bindings) and put in its slot, which every existing reference to
// the function reads. O(1) in the heap; journaled, replayed after restarts, undone by rollback.
import { Update } from '../dsu/update';
import { journal } from '../core/journal';
import { isLiteralActive, writeSlot } from '../instrument/slots';
import { MoultRuntimeError, errorMessage } from '../core/errors';
import type { ModuleRecord } from '../instrument/modules';
import type { PatchPlan } from './plan';

export class SlotPatchUpdate extends Update {
  private lastBlock = '';

  constructor(readonly record: ModuleRecord, readonly label: string, readonly source: string, readonly plan: PatchPlan) {
    super({ name: `patch:${label}` });
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
    const evaluate = this.record.holders[0].e;
    if (!evaluate) throw new MoultRuntimeError('EPATCH', `${this.label} has not finished loading: its scope cannot be reached yet`);
    // Every new version is compiled before any slot changes: a patch applies whole or not at all.
    const versions = this.plan.changed.map((c) => {
      try {
        const fn = evaluate(c.expression);
        if (typeof fn !== 'function') throw new Error('not a function');
        return fn as Function;
      } catch (err) {
        throw new MoultRuntimeError('EPATCH', `${this.label}: cannot compile the new ${c.label} in the module's scope: ${errorMessage(err)}`);
      }
    });
    this.plan.changed.forEach((c, i) => writeSlot({ record: this.record, entry: c.old }, versions[i], `patch ${this.label}: ${c.label}`));
    const before = this.record.current;
    this.record.current = { source: this.source, functions: this.plan.functions, topBodies: this.plan.topBodies, tokens: this.plan.tokens };
    journal(`source of ${this.label}`, () => { this.record.current = before; });
    this.via.add('slot');
  }
}
