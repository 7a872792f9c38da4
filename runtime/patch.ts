// Source patches (SPEC 6.4): the loaded module's code is replaced in place with V8 LiveEdit, so
// existing closures, instances and destructured references run the new code. The patch waits
// until V8 accepts it (no changed function active), is journaled, and can be rolled back.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Update } from './update';
import { scriptsMatching, scriptSource, setScriptSource } from './inspector';
import { journal } from './journal';
import { targetManager } from './registry';
import { MoultRuntimeError, errorMessage } from './errors';
import { sourceShape } from './source-shape';
import type { LoadResult } from './update-loader';

export interface PatchRequest {
  updateId: string;
  /** The file the new source came from (names the target when `target` is not given). */
  file: string;
  source: string;
  target?: string;
  manager?: string;
  maxTries?: number;
  sleepTime?: number;
  replay?: boolean;
}

function entryDir(): string {
  const main = (process as { mainModule?: NodeJS.Module }).mainModule;
  return main ? path.dirname(main.filename) : process.argv[1] ? path.dirname(path.resolve(process.argv[1])) : process.cwd();
}

/** The one loaded script the patch replaces: `target` (relative to the entry's folder), else the file's base name. */
function findTarget(req: PatchRequest): { url: string; scriptId: string; label: string } {
  if (req.target) {
    const abs = path.resolve(entryDir(), req.target);
    const url = pathToFileURL(abs).href;
    const hit = scriptsMatching(url).find((s) => s.url === url);
    if (!hit) throw new MoultRuntimeError('ENOTARGET', `no loaded module is ${abs}`);
    return { ...hit, label: path.relative(entryDir(), abs) || path.basename(abs) };
  }
  const base = path.basename(req.file);
  const hits = scriptsMatching(`/${base}`).filter((s) => s.url.startsWith('file:') && !s.url.includes('/node_modules/moult/'));
  if (hits.length !== 1) {
    throw new MoultRuntimeError('ENOTARGET', hits.length ? `several loaded modules are named ${base} (${hits.map((h) => h.url).join(', ')}): say which with --target` : `no loaded module is named ${base}: say which with --target`);
  }
  const abs = new URL(hits[0].url).pathname;
  return { ...hits[0], label: path.relative(entryDir(), abs) || base };
}

export class PatchUpdate extends Update {
  private lastBlock = '';

  constructor(readonly scriptId: string, readonly label: string, readonly source: string) {
    super({ name: `patch:${label}` });
  }

  /** V8's dry run is the quiescence test: blocked while a changed function runs or is suspended. */
  override checkAlterability(): boolean {
    if (sourceShape(scriptSource(this.scriptId)) !== sourceShape(this.source)) {
      throw new MoultRuntimeError('EPATCH', `${this.label}: the patch changes code outside function bodies (top-level statements, class members or exports run once, at load, and a patch cannot run them again); only function bodies can be patched in place`);
    }
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
  }
}

export function loadPatch(req: PatchRequest): LoadResult {
  try {
    const target = findTarget(req);
    const manager = targetManager(req.manager);
    if (!manager) return { ok: false, reason: `no manager named ${req.manager}` };
    const u = new PatchUpdate(target.scriptId, target.label, req.source);
    u.updateId = req.updateId;
    if (req.maxTries) u.setMaxTries(req.maxTries);
    if (req.sleepTime !== undefined) u.setSleepTime(req.sleepTime);
    if (req.replay) u.replay = true;
    manager.addUpdate(u);
    return { ok: true, updates: [u] };
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
}
