// Source patches (SPEC 6.4), the fallback path: the loaded script's code is replaced in place with
// V8 LiveEdit, so existing closures (inner ones too), instances and references run the new code.
// For modules the instrumentation did not reach, or changes the slot path cannot make (a changed
// inner function). The patch waits until V8 accepts it (no changed function active), is
// journaled, and can be rolled back. Each LiveEdit walks the whole heap.
import { Update } from '../dsu/update';
import { scriptSource, setScriptSource } from '../core/inspector';
import { journal } from '../core/journal';
import { MoultRuntimeError } from '../core/errors';

export class PatchUpdate extends Update {
  private lastBlock = '';

  /** The caller has compared the top-level code token by token (patch/plan.ts). */
  constructor(readonly scriptId: string, readonly label: string, readonly source: string, readonly opts: { onApplied?: () => void } = {}) {
    super({ name: `patch:${label}` });
  }

  /** V8's dry run is the quiescence test: blocked while a changed function runs or is suspended. */
  override checkAlterability(): boolean {
    const r = setScriptSource(this.scriptId, this.source, true);
    if (r.status === 'Ok') return true;
    if (r.status === 'BlockedByActiveFunction' || r.status === 'BlockedByActiveGenerator') {
      this.lastBlock = r.status === 'BlockedByActiveFunction' ? 'a changed function is on the stack' : 'a changed async function or generator has a suspended call';
      return false;
    }
    if (r.status === 'BlockedByTopLevelEsModuleChange') {
      throw new MoultRuntimeError('EPATCH', `${this.label}: the patch changes a top-level statement of an ES module, which cannot be replaced in place`);
    }
    const where = r.exceptionDetails ? `:${r.exceptionDetails.lineNumber + 1}: ${r.exceptionDetails.text}` : '';
    throw new MoultRuntimeError('EPATCH', `${this.label}${where} (${r.status})`);
  }

  get blockedBy(): string {
    return this.lastBlock;
  }

  override apply(): void {
    const before = scriptSource(this.scriptId);
    const r = setScriptSource(this.scriptId, this.source);
    if (r.status !== 'Ok') throw new MoultRuntimeError('EPATCH', `${this.label}: V8 refused the patch (${r.status})`);
    journal(`patch ${this.label}`, () => {
      const back = setScriptSource(this.scriptId, before);
      if (back.status !== 'Ok') throw new MoultRuntimeError('EPATCH', `${this.label}: cannot restore the old source (${back.status})`);
    });
    this.via.add('liveedit');
    this.opts.onApplied?.();
  }
}
