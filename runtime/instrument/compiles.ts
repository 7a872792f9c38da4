// Whether a module's rewritten code compiles (SPEC 6.7: a module whose rewrite does not compile
// loads as written). The two kinds of module are checked differently, for cost:
// - CommonJS: V8 itself says, but only after Node's own compile of the rewritten code failed (to
//   tell a bug of ours from a SyntaxError the module's code threw while running): nothing is
//   paid while the rewrite is right. Measured on this project's node_modules (4 576 files,
//   49 MB): V8 compiles them in 0.83 s, the rewrite takes 4.4 s, and a second compile is never
//   shared with Node's (no compilation cache between vm.compileFunction and the loader).
// - ES modules: Node has no way to compile one without linking and running it
//   (vm.SourceTextModule needs --experimental-vm-modules), and a module that fails to compile
//   fails its importer with no second chance: the parser that placed the insertions reads the
//   result before it is used (a second parse, paid when a module is rewritten, not when the
//   cache has it: only checked code is stored).
import vm from 'node:vm';
import { loadParser } from './parser';

export interface Problem {
  /** 1-based line of the error (lines are the source's: the rewrite never moves one). */
  line?: number;
  message: string;
}

/** The parameters of the function Node wraps a CommonJS module in. */
export const CJS_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** A parse error of meriyah or a SyntaxError of V8, as a problem (its line when it says one). */
export function problemOf(err: unknown, filename?: string): Problem {
  const e = err as { loc?: { start?: { line?: number } }; description?: string; message?: string; name?: string; stack?: string };
  if (typeof e?.loc?.start?.line === 'number') return { line: e.loc.start.line, message: `SyntaxError: ${e.description ?? String(e.message)}` };
  let line: number | undefined;
  if (filename && typeof e?.stack === 'string' && e.stack.startsWith(`${filename}:`)) {
    const n = Number(/^:(\d+)/.exec(e.stack.slice(filename.length))?.[1]);
    if (n > 0) line = n;
  }
  return { line, message: e?.name && e.message !== undefined ? `${e.name}: ${e.message}` : String(err) };
}

/** meriyah's verdict on rewritten ES module code: null when it parses. */
export function moduleProblem(code: string): Problem | null {
  try {
    loadParser()(code, { sourceType: 'module', webcompat: true });
    return null;
  } catch (err) {
    return problemOf(err);
  }
}

/** V8's verdict on rewritten CommonJS code, compiled as Node compiles it: null when it compiles. */
export function scriptProblem(code: string, filename: string): Problem | null {
  try {
    vm.compileFunction(code, CJS_PARAMS, { filename });
    return null;
  } catch (err) {
    return err instanceof SyntaxError ? problemOf(err, filename) : null;
  }
}
