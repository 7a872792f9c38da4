// Finds a live function's text inside its script and builds a replacement of it that keeps the
// function's kind (plain, async, generator, arrow, method) but forwards every call to a slot.
import { functionLocation, liveEditGeneration, scriptSource, type FunctionLocation } from '../core/inspector';
import { MoultRuntimeError } from '../core/errors';

export interface FunctionSite {
  loc: FunctionLocation;
  source: string;
  start: number;
  end: number;
  text: string;
  /** Where the text begins (V8's function token position), 0-based, counted as V8 counts lines. */
  line: number;
  column: number;
}

// V8 ends a line at \n, \r\n, a lone \r, U+2028 and U+2029 (Script line ends, which both the
// inspector's locations and stack-trace CallSites use).
const LINE_END = /\r\n?|[\n\u2028\u2029]/g;

function offsetOf(source: string, line: number, column: number): number {
  if (line === 0) return column;
  LINE_END.lastIndex = 0;
  for (let l = 0; l < line; l++) {
    if (!LINE_END.exec(source)) return source.length;
  }
  return LINE_END.lastIndex + column;
}

/** Line and column (0-based) of `start`, given that `at` (≥ start) is at line `atLine`. */
function lineColumnOf(source: string, start: number, at: number, atLine: number): { line: number; column: number } {
  const head = source.slice(start, at);
  const ends = head.match(LINE_END)?.length ?? 0;
  let lineStart = 0;
  for (let i = start - 1; i >= 0; i--) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) { lineStart = i + 1; break; }
  }
  return { line: atLine - ends, column: start - lineStart };
}

// Within one turn of the event loop (an update's check and apply run in the same one), the same
// function is located once and a script's source is read once. Any real LiveEdit drops both.
let cacheGeneration = -1;
const sites = new Map<Function, FunctionSite>();
const sources = new Map<string, string>();
let clearScheduled = false;

function validCache(): void {
  const gen = liveEditGeneration();
  if (gen !== cacheGeneration) {
    sites.clear();
    sources.clear();
    cacheGeneration = gen;
  }
  if (!clearScheduled) {
    clearScheduled = true;
    // Drop the cached sources once the turn is over: they are copies, and may be big.
    setImmediate(() => {
      clearScheduled = false;
      sites.clear();
      sources.clear();
    }).unref();
  }
}

/** The script's source, read once per turn (and again after any LiveEdit). */
export function cachedScriptSource(scriptId: string): string {
  validCache();
  let source = sources.get(scriptId);
  if (source === undefined) {
    source = scriptSource(scriptId);
    sources.set(scriptId, source);
  }
  return source;
}

export function locateFunction(f: Function): FunctionSite {
  validCache();
  const cached = sites.get(f);
  if (cached) return cached;
  const loc = functionLocation(f);
  const source = cachedScriptSource(loc.scriptId);
  const text = Function.prototype.toString.call(f);
  const at = offsetOf(source, loc.lineNumber, loc.columnNumber);
  // V8 places the location at the parameter list; the text begins at or before it.
  const start = source.lastIndexOf(text, at);
  if (start === -1 || start + text.length < at) {
    throw new MoultRuntimeError('ENOSOURCE', `cannot find the source of function ${f.name || '(anonymous)'} in its script`);
  }
  const site = { loc, source, start, end: start + text.length, text, ...lineColumnOf(source, start, at, loc.lineNumber) };
  sites.set(f, site);
  return site;
}

/** Index just past the bracket that closes the one opening at `open` (skips strings and comments). */
function matchBracket(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') { i = text.indexOf('\n', i); if (i === -1) break; continue; }
    if (c === '/' && text[i + 1] === '*') { i = text.indexOf('*/', i + 2) + 1; if (i === 0) break; continue; }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (!stack.length) return i + 1;
    }
  }
  throw new MoultRuntimeError('ENOSOURCE', 'unbalanced brackets in function source');
}

/**
 * The text of a function of the same kind as `text` whose body returns `call` (an expression
 * using the rest-parameter array, `this` and `new.target`). V8 LiveEdit silently keeps the old
 * code when a patch changes which outer variables are captured (seen on Node 20), so the
 * forwarder mentions, in dead code, every variable the old closure holds.
 */
export function forwardingText(text: string, call: (args: string, self: string, newTarget: string) => string, captured: string[] = []): string {
  if (/^class\b/.test(text)) throw new MoultRuntimeError('EUNSUPPORTED', 'class constructors cannot be redefined; use redefineClass or updateToClass');
  const isFunction = /^(async\s+)?function\b/.test(text);
  const isArrow = !isFunction && /^(async\s+)?(\([^]*?\)|[\p{L}_$][\p{L}\p{N}_$]*)\s*=>/u.test(text) && !/^(async\s+)?[\p{L}_$][\p{L}\p{N}_$]*\s*\(/u.test(text.replace(/^async\s+(?=\()/, ''));
  const dead = captured.filter((n) => /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(n) && n !== 'arguments').join(', ') || '0';
  if (isArrow) {
    const head = /^async\b/.test(text) ? 'async ' : '';
    return `${head}(...__moult_args) => { return ${call('__moult_args', 'this', 'undefined')}; ${dead}; }`;
  }
  // Computed method names may hold brackets: the parameter list is the first '(' after them.
  let from = 0;
  if (text.replace(/^(async\s+|static\s+|get\s+|set\s+|\*\s*)*/, '').startsWith('[')) from = matchBracket(text, text.indexOf('['));
  const params = text.indexOf('(', from);
  if (params === -1) throw new MoultRuntimeError('ENOSOURCE', 'cannot find the parameter list');
  const head = text.slice(0, params);
  const isGenerator = /^(async\s+)?function\s*\*/.test(text) || /^(async\s+)?\*/.test(text);
  // The old parameters and body stay, behind the forwarding `return` (after any directive, so
  // that a strict function stays strict): V8 answered Ok to a forwarder that replaced the whole
  // body of a function longer than a few lines, yet did not install it (issue 18); keeping the
  // body keeps the function's scopes as they were, and it installs every time.
  const afterParams = matchBracket(text, params);
  const open = text.indexOf('{', afterParams);
  if (open === -1 || !text.endsWith('}')) throw new MoultRuntimeError('ENOSOURCE', 'cannot find the function body');
  const body = text.slice(open + 1, -1);
  const directives = /^(?:\s*(?:'[^'\\\n]*'|"[^"\\\n]*")\s*;?)*/.exec(body)?.[0] ?? '';
  const args = '[...arguments]';
  const result = isGenerator ? `yield* ${call(args, 'this', 'undefined')}` : call(args, 'this', 'new.target');
  return `${head}${text.slice(params, open + 1)}${directives}return ${result}; ${dead};${body.slice(directives.length)}}`;
}
