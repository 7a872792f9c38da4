// JSON5 (json5.org), for `.json` ecosystem files that are not strict JSON: pm2 reads a `.json`
// file by evaluating it as JavaScript (`vm.runInThisContext('(' + text + ')')`), so pm2 users'
// files carry comments, unquoted keys, single quotes and trailing commas. moult reads the same
// files as data: JSON5 is that JavaScript object-literal syntax without code. A file that needs
// code (`["a", "b"].join('')`) is refused at the place where the code starts, with a sentence on
// what to do (a `.config.js` file is the place for code). Duplicate keys are refused, as in JSON.
import { JsonSyntaxError } from './json';

const MAX_DEPTH = 200;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  fail(reason: string, at = this.i): never {
    const before = this.text.slice(0, at).split(/\r\n|[\n\r\u2028\u2029]/);
    throw new JsonSyntaxError(reason, before.length, before[before.length - 1]!.length + 1);
  }

  parseDocument(): unknown {
    this.skip();
    const v = this.value();
    this.skip();
    if (this.i < this.text.length) this.unexpected();
    return v;
  }

  private unexpected(): never {
    const c = this.text[this.i];
    if (c === undefined) this.fail('unexpected end of the file');
    // An identifier where a value or a comma is expected: code (a call, an operator, a variable).
    if (/[A-Za-z_$.(+*/-]/.test(c)) {
      this.fail(`unexpected ${JSON.stringify(c)}: this looks like JavaScript code, which a .json file cannot hold (pm2 evaluates .json files as code; moult reads them as JSON5 data). Write the value itself, or rename the file to ecosystem.config.js`);
    }
    this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  private skip(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.i];
      if (c === undefined) return;
      if (/[\s\uFEFF]/.test(c)) { this.i++; continue; }
      if (c === '/' && t[this.i + 1] === '/') {
        while (this.i < t.length && !/[\n\r\u2028\u2029]/.test(t[this.i]!)) this.i++;
        continue;
      }
      if (c === '/' && t[this.i + 1] === '*') {
        const end = t.indexOf('*/', this.i + 2);
        if (end === -1) this.fail('unterminated /* comment');
        this.i = end + 2;
        continue;
      }
      return;
    }
  }

  private value(): unknown {
    const c = this.text[this.i];
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
      const v = c === '{' ? this.object() : this.array();
      this.depth--;
      return v;
    }
    if (c === '"' || c === "'") return this.string();
    const word = /(?:true|false|null)(?![\w$])/y;
    word.lastIndex = this.i;
    const w = word.exec(this.text);
    if (w) {
      this.i = word.lastIndex;
      return w[0] === 'true' ? true : w[0] === 'false' ? false : null;
    }
    return this.number();
  }

  private number(): number {
    const num = /([+-])?(?:(Infinity|NaN)|0[xX]([0-9a-fA-F]+)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))(?![\w$])/y;
    num.lastIndex = this.i;
    const m = num.exec(this.text);
    if (!m) this.unexpected();
    this.i = num.lastIndex;
    const sign = m[1] === '-' ? -1 : 1;
    if (m[2]) return sign * (m[2] === 'NaN' ? NaN : Infinity);
    if (m[3]) return sign * parseInt(m[3], 16);
    return sign * Number(m[4]);
  }

  private string(): string {
    const t = this.text;
    const quote = t[this.i++];
    let out = '';
    for (;;) {
      const c = t[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === quote) { this.i++; return out; }
      if (c === '\n' || c === '\r') this.fail('a line break inside a string (end the line with \\ to continue it)');
      if (c !== '\\') { out += c; this.i++; continue; }
      const e = t[++this.i];
      this.i++;
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '0': out += '\0'; break;
        case 'x': out += String.fromCharCode(this.hex(2)); break;
        case 'u': out += String.fromCharCode(this.hex(4)); break;
        case '\r': if (t[this.i] === '\n') this.i++; break;
        case '\n': case '\u2028': case '\u2029': break;
        case undefined: this.fail('unterminated string');
        // eslint-disable-next-line no-fallthrough
        default: out += e;
      }
    }
  }

  private hex(n: number): number {
    const h = this.text.slice(this.i, this.i + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) this.fail('invalid escape sequence');
    this.i += n;
    return parseInt(h, 16);
  }

  private key(): string {
    const c = this.text[this.i];
    if (c === '"' || c === "'") return this.string();
    const id = /[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200C\u200D]*/uy;
    id.lastIndex = this.i;
    const m = id.exec(this.text);
    if (!m) this.fail(c === undefined ? 'unexpected end of the file' : `expected a key, found ${JSON.stringify(c)}`);
    this.i = id.lastIndex;
    return m[0];
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skip();
      if (this.text[this.i] === '}') { this.i++; return out; }
      const at = this.i;
      const k = this.key();
      if (Object.prototype.hasOwnProperty.call(out, k)) this.fail(`duplicate key ${JSON.stringify(k)}`, at);
      this.skip();
      if (this.text[this.i] !== ':') this.fail(`expected ":" after the key ${JSON.stringify(k)}`);
      this.i++;
      this.skip();
      // defineProperty: a key named __proto__ is data, not the object's prototype.
      Object.defineProperty(out, k, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skip();
      if (this.text[this.i] === ',') { this.i++; continue; }
      if (this.text[this.i] === '}') { this.i++; return out; }
      this.unexpected();
    }
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.i] === ']') { this.i++; return out; }
      out.push(this.value());
      this.skip();
      if (this.text[this.i] === ',') { this.i++; continue; }
      if (this.text[this.i] === ']') { this.i++; return out; }
      this.unexpected();
    }
  }
}

/** Parses JSON5 text; throws JsonSyntaxError with the line and column of the first problem. */
export function parseJson5(text: string): unknown {
  return new Parser(text).parseDocument();
}
