// JSON.parse with the place of a syntax error. V8 gives a position for some errors only
// ("Unexpected token '}', ... is not valid JSON" has none), so a small scanner finds it.

export class JsonSyntaxError extends SyntaxError {
  override readonly name = 'JsonSyntaxError';
  constructor(readonly reason: string, readonly line?: number, readonly column?: number) {
    super(line === undefined ? reason : `line ${line}, column ${column}: ${reason}`);
  }
}

export function parseJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors on Windows add a BOM
  try {
    return JSON.parse(body);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    // Drop V8's own position and text snippet: the line and column replace them.
    const reason = raw.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    const m = /at position (\d+)/.exec(raw);
    const at = m ? Number(m[1]) : errorOffset(body);
    if (at < 0) throw new JsonSyntaxError(reason);
    const before = body.slice(0, at).split('\n');
    throw new JsonSyntaxError(reason, before.length, before[before.length - 1]!.length + 1);
  }
}

class Stop {
  constructor(readonly at: number) {}
}

/** Offset of the first syntax error in `text`, or -1 if none is found. */
export function errorOffset(text: string): number {
  let i = 0;
  const fail = (): never => { throw new Stop(i); };
  const ws = (): void => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const expect = (c: string): void => { if (text[i] !== c) fail(); i++; };
  const str = (): void => {
    expect('"');
    for (;;) {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      const c = text[i++];
      if (c === '"') return;
      if (c === '\\') {
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++) { if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail(); i++; }
        } else {
          if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
          i++;
        }
      }
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) { i++; return; }
      for (;;) {
        if (c === '{') { ws(); str(); ws(); expect(':'); }
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        expect(close);
        return;
      }
    }
    if (c === '"') return str();
    const num = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    num.lastIndex = i;
    if (num.test(text)) { i = num.lastIndex; return; }
    const lit = ['true', 'false', 'null'].find((l) => l[0] === c);
    if (!lit) fail();
    for (const ch of lit!) { if (text[i] !== ch) fail(); i++; }
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    return -1; // nesting too deep for the stack: no position, the reason still stands
  }
}

export interface DuplicateKey {
  /** Path of the second occurrence, as segments (`['apps', 0, 'name']`). */
  at: (string | number)[];
  line: number;
  column: number;
  first: { line: number; column: number };
}

/**
 * The first key an object of `text` (valid JSON) names twice, or null. JSON.parse keeps the last
 * silently (audit row 5.9: `"name":"d1", …, "name":"d2"` started d2); YAML refuses them, and so
 * does moult for JSON. Keys compare decoded (`"A"` and `"\u0041"` are the same key). Iterative:
 * nesting as deep as JSON.parse accepts.
 */
export function duplicateKey(text: string): DuplicateKey | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const place = (offset: number): { line: number; column: number } => {
    const before = body.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  // One frame per open object or array: its path segment and, for objects, the keys seen so far.
  const stack: { keys: Map<string, number> | null; index: number; seg: string | number | null }[] = [];
  const path = (): (string | number)[] => stack.slice(1).map((f) => f.seg!);
  /** The offset just past the string that starts at `at` (a quote), or -1. (A regex overflows the stack on a long one.) */
  const stringEnd = (at: number): number => {
    for (let k = at + 1; k < body.length; k++) {
      const ch = body.charCodeAt(k);
      if (ch === 0x5c) k++; // a backslash escapes what follows
      else if (ch === 0x22) return k + 1;
    }
    return -1;
  };
  let i = 0;
  let pendingKey: string | null = null;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      const seg = top ? (top.keys ? pendingKey : top.index) : null;
      stack.push({ keys: c === '{' ? new Map() : null, index: 0, seg });
      pendingKey = null;
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
      i++;
    } else if (c === '"') {
      const end = stringEnd(i);
      if (end === -1) return null; // not valid JSON after all: JSON.parse has said so
      const start = i;
      i = end;
      let j = i;
      while (j < body.length && ' \t\n\r'.includes(body[j]!)) j++;
      const top = stack[stack.length - 1];
      if (top?.keys && body[j] === ':') {
        const key = JSON.parse(body.slice(start, end)) as string;
        const first = top.keys.get(key);
        if (first !== undefined) return { at: [...path(), key], ...place(start), first: place(first) };
        top.keys.set(key, start);
        pendingKey = key;
      }
    } else i++;
  }
  return null;
}
