// Run as `node --experimental-vm-modules --no-warnings v8-syntax-child.mjs`: V8's own verdict on
// whether sources compile, as Node would compile them (a script as a CommonJS module's wrapper
// function, a module as an ES module). Compiled only: nothing runs, nothing is linked. Reads one
// JSON array [{code, isModule}] on stdin, prints [{ok, error?, line?}] (line 1-based, where V8
// put the error). Used through v8-syntax.mjs by the rewrite and corpus tests.
import vm from 'node:vm';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const CJS_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

export function v8Verdict(code, isModule) {
  try {
    if (isModule) new vm.SourceTextModule(code, { identifier: 'file:///checked.mjs' });
    else vm.compileFunction(code, CJS_PARAMS, { filename: '/checked.js' });
    return { ok: true };
  } catch (err) {
    const m = /checked\.m?js:(\d+)/.exec(String(err?.stack));
    return { ok: false, error: `${err?.name}: ${err?.message}`, line: m ? Number(m[1]) : lineByParser(code, isModule) };
  }
}

/** V8 says where a module's syntax error is only on the console: meriyah's line stands in. */
function lineByParser(code, isModule) {
  try {
    require('meriyah').parse(code, { sourceType: isModule ? 'module' : 'script', next: true, webcompat: true, globalReturn: !isModule });
  } catch (err) {
    return typeof err?.loc?.start?.line === 'number' ? err.loc.start.line : err?.line;
  }
  return undefined;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  if (typeof vm.SourceTextModule !== 'function') {
    process.stderr.write('v8-syntax-child needs --experimental-vm-modules\n');
    process.exit(2);
  }
  let input = '';
  process.stdin.setEncoding('utf8').on('data', (d) => { input += d; }).on('end', () => {
    const items = JSON.parse(input);
    process.stdout.write(JSON.stringify(items.map((i) => v8Verdict(i.code, i.isModule))));
  });
}
