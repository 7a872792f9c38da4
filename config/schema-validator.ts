// A small JSON Schema (2020-12) validator covering only the keywords ecosystem.schema.json uses.
// Hand-written rather than a dependency so that messages can name the culprit precisely
// (`apps[1].instances: expected a positive integer`) and the schema stays the single source.

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface Schema {
  type?: JsonType | JsonType[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  patternProperties?: Record<string, Schema>;
  items?: Schema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
  $defs?: Record<string, Schema>;
  /** Replaces the generic message for any failure of this value itself. */
  'x-message'?: string;
  [annotation: string]: unknown;
}

export interface Violation {
  /** `apps[1].instances`; '' for the document itself. */
  path: string;
  message: string;
}

type Segment = string | number;

// `replaceable`: a failure of the value itself (type, pattern…), which an enclosing x-message may
// reword; structural problems (missing or unknown fields) always keep their own wording.
interface Found { at: Segment[]; message: string; replaceable: boolean }

const SUPPORTED = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'minimum',
  'maximum', 'pattern', 'enum', 'const', 'oneOf', 'anyOf', '$ref', '$defs', 'x-message',
  '$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'patternProperties',
  // Annotations read by config/pm2-fields.ts: a pm2 field moult ignores, or pm2's other name of a field.
  'x-pm2-only', 'x-alias-of',
  // Read by config/bounds.ts: the field's value has a limit (instances, size, log-retain).
  'x-bound',
]);

export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: JsonType): boolean {
  switch (t) {
    case 'object': return typeOf(v) === 'object';
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    // JSON.parse turns 1e400 into Infinity, which is no usable number.
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
  }
}

const ARTICLE: Record<JsonType, string> = {
  object: 'an object', array: 'an array', string: 'a string', number: 'a number',
  integer: 'an integer', boolean: 'a boolean', null: 'null',
};

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** How a value reads in "got …": short, and never dumps a whole object. */
export function describeValue(v: unknown): string {
  const t = typeOf(v);
  if (t === 'object') return 'an object';
  if (t === 'array') return 'an array';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}..."` : s;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

export class SchemaValidator {
  private readonly regexps = new Map<string, RegExp>();

  constructor(private readonly root: Schema) {
    this.check(root, '#');
  }

  validate(value: unknown): Violation[] {
    return this.visit(this.root, value, []).map((f) => ({ path: formatPath(f.at), message: f.message }));
  }

  // Refuse a schema using keywords this validator would silently ignore.
  private check(s: Schema, where: string): void {
    for (const k of Object.keys(s)) {
      if (!SUPPORTED.has(k)) throw new Error(`schema ${where}: unsupported keyword "${k}"`);
    }
    if (s.$ref !== undefined) this.resolve(s.$ref);
    for (const [k, sub] of Object.entries(s.properties ?? {})) this.check(sub, `${where}/properties/${k}`);
    for (const [k, sub] of Object.entries(s.$defs ?? {})) this.check(sub, `${where}/$defs/${k}`);
    if (typeof s.additionalProperties === 'object') this.check(s.additionalProperties, `${where}/additionalProperties`);
    for (const [k, sub] of Object.entries(s.patternProperties ?? {})) this.check(sub, `${where}/patternProperties/${k}`);
    if (s.items) this.check(s.items, `${where}/items`);
    (s.oneOf ?? []).forEach((sub, i) => this.check(sub, `${where}/oneOf/${i}`));
    (s.anyOf ?? []).forEach((sub, i) => this.check(sub, `${where}/anyOf/${i}`));
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith('#')) throw new Error(`schema: only local $ref is supported, not ${ref}`);
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split('/').filter((p) => p !== '')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = typeOf(node) === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (typeOf(node) !== 'object') throw new Error(`schema: $ref ${ref} does not resolve`);
    return node as Schema;
  }

  private regexp(pattern: string): RegExp {
    let re = this.regexps.get(pattern);
    if (!re) this.regexps.set(pattern, (re = new RegExp(pattern, 'u')));
    return re;
  }

  private visit(s: Schema, v: unknown, at: Segment[]): Found[] {
    const found = this.visitKeywords(s, v, at);
    const custom = s['x-message'];
    if (custom === undefined) return found;
    const i = found.findIndex((f) => f.replaceable && f.at.length === at.length);
    if (i < 0) return found;
    // Scalars and type mismatches say what they got; for objects that would only be noise.
    const got = typeOf(v) === 'object' || typeOf(v) === 'array' ? '' : `, got ${describeValue(v)}`;
    const own: Found = { at, message: custom + got, replaceable: false };
    const rest = found.filter((f) => !(f.replaceable && f.at.length === at.length));
    rest.splice(Math.min(i, rest.length), 0, own);
    return rest;
  }

  private visitKeywords(s: Schema, v: unknown, at: Segment[]): Found[] {
    const out: Found[] = [];
    const fail = (message: string): void => { out.push({ at, message, replaceable: true }); };
    const got = `, got ${describeValue(v)}`;

    if (s.$ref !== undefined) out.push(...this.visit(this.resolve(s.$ref), v, at));
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      // Later keywords would only repeat the same mistake in other words.
      if (!types.some((t) => hasType(v, t))) return [...out, { at, message: `expected ${orList(types.map((t) => ARTICLE[t]))}${got}`, replaceable: true }];
    }
    if (s.const !== undefined && JSON.stringify(v) !== JSON.stringify(s.const)) fail(`expected ${JSON.stringify(s.const)}${got}`);
    if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      fail(`expected one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}${got}`);
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) fail(`expected a number >= ${s.minimum}${got}`);
      if (s.maximum !== undefined && v > s.maximum) fail(`expected a number <= ${s.maximum}${got}`);
    }
    if (typeof v === 'string' && s.pattern !== undefined && !this.regexp(s.pattern).test(v)) {
      fail(`expected a string matching ${s.pattern}${got}`);
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) fail(`expected at least ${s.minItems} item(s)`);
      if (s.items) v.forEach((item, i) => out.push(...this.visit(s.items!, item, [...at, i])));
    }
    if (typeOf(v) === 'object') out.push(...this.visitObject(s, v as Record<string, unknown>, at));
    if (s.oneOf) out.push(...this.visitAlternatives(s.oneOf, true, v, at));
    if (s.anyOf) out.push(...this.visitAlternatives(s.anyOf, false, v, at));
    return out;
  }

  private visitObject(s: Schema, obj: Record<string, unknown>, at: Segment[]): Found[] {
    const out: Found[] = [];
    for (const key of s.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) {
        out.push({ at, message: `missing required field "${key}"`, replaceable: false });
      }
    }
    const props = s.properties ?? {};
    for (const [key, val] of Object.entries(obj)) {
      const sub = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      const patterned = sub ? undefined : Object.entries(s.patternProperties ?? {}).find(([re]) => this.regexp(re).test(key))?.[1];
      if (sub) out.push(...this.visit(sub, val, [...at, key]));
      else if (patterned) out.push(...this.visit(patterned, val, [...at, key]));
      else if (s.additionalProperties === false) {
        const near = Object.keys(props).find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= Math.max(1, Math.floor(k.length / 3)));
        const hint = near ? ` (did you mean "${near}"?)` : '';
        out.push({ at: [...at, key], message: `unknown field${hint}`, replaceable: false });
      } else if (typeof s.additionalProperties === 'object') {
        out.push(...this.visit(s.additionalProperties, val, [...at, key]));
      }
    }
    return out;
  }

  private visitAlternatives(alts: Schema[], exclusive: boolean, v: unknown, at: Segment[]): Found[] {
    const results = alts.map((a) => this.visit(a, v, at));
    const passed = results.filter((r) => r.length === 0).length;
    if (exclusive ? passed === 1 : passed >= 1) return [];
    if (passed > 1) return [{ at, message: 'matches more than one alternative', replaceable: true }];
    // The one alternative meant for this kind of value has the most precise complaint
    // (`args[0]: expected a string` rather than "expected a string or an array").
    const fitting = alts.map((a, i) => (this.admitsType(a, v) ? i : -1)).filter((i) => i >= 0);
    if (fitting.length === 1) return results[fitting[0]!]!;
    const kinds = alts.map((a) => this.describe(a)).filter((d): d is string => d !== undefined);
    const message = kinds.length === alts.length ? `expected ${orList(kinds)}` : 'matches none of the allowed forms';
    return [{ at, message, replaceable: true }];
  }

  private admitsType(s: Schema, v: unknown): boolean {
    const target = s.$ref !== undefined ? this.resolve(s.$ref) : s;
    if (target.type === undefined) return s.$ref !== undefined ? this.admitsType(target, v) : true;
    const types = Array.isArray(target.type) ? target.type : [target.type];
    return types.some((t) => hasType(v, t));
  }

  private describe(s: Schema): string | undefined {
    if (typeof s.type !== 'string') return undefined;
    if (s.type === 'array' && typeof s.items?.type === 'string') return `an array of ${s.items.type}s`;
    return ARTICLE[s.type];
  }
}
