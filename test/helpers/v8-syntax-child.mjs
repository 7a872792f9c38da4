// Run as `node --experimental-vm-modules --no-warnings v8-syntax-child.mjs`: V8's own verdict on
// whether sources compile, as Node would compile them (a script as a CommonJS module's wrapper
// function, a module as an ES module: check.ts's v8Problem). Compiled only: nothing runs,
// nothing is linked. Reads one JSON array [{code, isModule}] on stdin, prints [{ok, error?,
// line?}] (line 1-based). Used through v8-syntax.mjs by the rewrite tests.
import vm from 'node:vm';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { v8Problem } = require(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/runtime/instrument/check.js'));

if (typeof vm.SourceTextModule !== 'function') {
  process.stderr.write('v8-syntax-child needs --experimental-vm-modules\n');
  process.exit(2);
}
let input = '';
process.stdin.setEncoding('utf8').on('data', (d) => { input += d; }).on('end', () => {
  const verdicts = JSON.parse(input).map(({ code, isModule }) => {
    const p = v8Problem(code, isModule ? 'module' : 'script');
    return p ? { ok: false, error: p.message, line: p.line } : { ok: true };
  });
  process.stdout.write(JSON.stringify(verdicts));
});
