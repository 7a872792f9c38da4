// The question the load hooks answer for each module as it loads, asked ahead of time: does the
// rewrite handle this source? Asked of a user's files by `moult check` (before a deploy) and of
// whole corpora by the rewrite's tests (node_modules, test262's syntax cases, random programs),
// so that both say the same thing. Stricter than the load hooks, which only need the rewritten
// code to compile: here V8 compiles the rewrite as the same kind of source as the original, and
// every character of the original must still be on its line (nothing inserted holds a line break).
// ES modules are compiled by V8 only where vm.SourceTextModule exists (node
// --experimental-vm-modules, as `moult check` and the tests run this); meriyah reads them otherwise.
import vm from 'node:vm';
import { instrument } from './rewrite';
import type { LeftAsWritten } from './function-table';
import { lineColumn, lineStarts } from './lines';
import { CJS_PARAMS, moduleProblem, problemOf, type Problem } from './compiles';

export type SourceType = 'script' | 'module';

export interface LeftFunction { line: number; name?: string; why: LeftAsWritten }

export type Verdict =
  /**
   * Rewritten, compiles, lines kept: `instrumented` of its `functions` reach their slots; `left`
   * are the others (1-based line, name where module code has one, why), constructors aside.
   */
  | { status: 'instrumented'; type: SourceType; functions: number; instrumented: number; left?: LeftFunction[] }
  /** The parser cannot read it: it loads as written, and only LiveEdit reaches its functions. */
  | { status: 'skipped'; type: SourceType; line?: number; reason: string }
  /** The rewrite does not compile or moves a line: a bug of ours (at run time the fail-safe loads it as written). */
  | { status: 'broken'; type: SourceType; line?: number; reason: string }
  /** Node cannot compile it as written either: not JavaScript that Node runs, nothing to check. */
  | { status: 'invalid'; line?: number; reason: string };

const FILE = '/moult-check.js';
type SourceTextModule = new (code: string, options?: object) => unknown;

/** V8's verdict on `code` compiled as Node compiles a CommonJS or an ES module; null when it compiles. */
export function v8Problem(code: string, type: SourceType): Problem | null {
  const Module = (vm as unknown as { SourceTextModule?: SourceTextModule }).SourceTextModule;
  if (type === 'module' && !Module) return moduleProblem(code);
  try {
    if (type === 'module') new Module!(code, { identifier: `file://${FILE}` });
    else vm.compileFunction(code, CJS_PARAMS, { filename: FILE });
    return null;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    // V8 says where a module's error is only on the console: the parser's line stands in.
    const p = problemOf(err, FILE);
    return p.line === undefined && type === 'module' ? { ...p, line: moduleProblem(code)?.line } : p;
  }
}

/**
 * The verdict on one source. `type` undefined: a `.js` file under no package `"type"`, which
 * Node reads as CommonJS unless only the ES module grammar compiles it.
 */
export function checkSource(source: string, type: SourceType | undefined): Verdict {
  let kind: SourceType = type ?? 'script';
  let asWritten = v8Problem(source, kind);
  if (asWritten && type === undefined && !v8Problem(source, 'module')) {
    kind = 'module';
    asWritten = null;
  }
  if (asWritten) return { status: 'invalid', ...lineOf(asWritten), reason: asWritten.message };
  let result;
  try {
    result = instrument(source, 'check', kind === 'module');
  } catch (err) {
    const p = problemOf(err);
    return { status: 'skipped', type: kind, ...lineOf(p), reason: `the parser cannot read it: ${p.message}` };
  }
  const compiled = v8Problem(result.code, kind);
  if (compiled) return { status: 'broken', type: kind, ...lineOf(compiled), reason: `the rewritten code does not compile: ${compiled.message}` };
  const moved = movedLine(source, result.code);
  if (moved) return { status: 'broken', type: kind, ...lineOf(moved), reason: moved.message };
  // Every class has a constructor that no slot reaches: only the other functions left are news.
  const starts = lineStarts(source);
  const left = result.functions.filter((e) => !e.instrumented && e.leftAsWritten !== 'constructor')
    .map((e): LeftFunction => ({ line: lineColumn(starts, e.start)[0] + 1, ...(e.name ? { name: e.name } : {}), why: e.leftAsWritten! }));
  return { status: 'instrumented', type: kind, functions: result.functions.length, instrumented: result.functions.filter((e) => e.instrumented).length, ...(left.length ? { left } : {}) };
}

const lineOf = (p: Problem): { line?: number } => (p.line ? { line: p.line } : {});

/** The lines of `code`, split at every line terminator V8 counts. */
const linesOf = (code: string): string[] => code.split(/\r\n|[\n\r\u2028\u2029]/);

/**
 * Every character of the original is on its own line in the rewrite: the rewrite only inserts,
 * so each line of the original must be a subsequence of the same line of the rewrite, and the
 * rewrite has one line more (the eval hook appended at the end). Characters rather than tokens:
 * as strong for lines (a token split or merged by an insertion is V8's to refuse), and no parse.
 */
function movedLine(source: string, code: string): Problem | null {
  const before = linesOf(source);
  const after = linesOf(code);
  // The hook goes after a line break: after a source ending in a lone CR, the two make one CRLF.
  const expected = before.length + (/\r$/.test(source) ? 0 : 1);
  if (after.length !== expected) return { message: `the rewrite has ${after.length} lines, the source ${before.length} (${expected} expected)` };
  for (let i = 0; i < before.length; i++) {
    const was = before[i];
    const now = after[i];
    if (was === now) continue;
    let j = 0;
    for (let k = 0; k < now.length && j < was.length; k++) if (now.charCodeAt(k) === was.charCodeAt(j)) j++;
    if (j < was.length) return { line: i + 1, message: `the rewrite moved or dropped text of line ${i + 1} (column ${j + 1})` };
  }
  return null;
}
