// Issue 18 item 4: redefining a long function of a module outside the instrumented set (a
// dependency: LiveEdit fallback) must install the new code. V8 answered Ok to a forwarder that
// replaced the whole body and did not install it for functions longer than a few lines
// (cookie.serialize, pathtoRegexp, res.location: `No script with given id found`); a forwarder
// that keeps the old body after its `return` installs. The update completes only when the new code
// runs, and rolls back to the old code.
import test from 'ava';
import { sandbox, startAndWaitOnline, show } from '../helpers/moult.mjs';

const LONG = `var enc = encodeURIComponent;
var fieldRe = /^[\\u0009\\u0020-\\u007e\\u0080-\\u00ff]+$/;
function serialize(name, val, options) {
  var opt = options || {};
  var e = opt.encode || enc;
  if (typeof e !== 'function') {
    throw new TypeError('option encode is invalid');
  }
  if (!fieldRe.test(name)) {
    throw new TypeError('argument name is invalid');
  }
  var value = e(val);
  if (value && !fieldRe.test(value)) {
    throw new TypeError('argument val is invalid');
  }
  var str = name + '=' + value;
  if (null != opt.maxAge) {
    var maxAge = opt.maxAge - 0;
    str += '; Max-Age=' + Math.floor(maxAge);
  }
  if (opt.path) {
    str += '; Path=' + opt.path;
  }
  return 'v1 ' + str;
}
module.exports = { serialize: serialize };
`;

const FILES = {
  'node_modules/longpkg/package.json': { name: 'longpkg', version: '1.0.0', main: 'index.js' },
  'node_modules/longpkg/index.js': LONG,
  'app.js': `const { log } = require('moult/runtime');
const { serialize } = require('longpkg');
setInterval(() => log(serialize('a', 'b', { path: '/' })), 100);
`,
  'fix.js': `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => {
  const pkg = ctx.module('longpkg');
  return new SafeRedefineUpdate(pkg, pkg.serialize, function serialize(name, val, options) { return 'v2 ' + name + '=' + val; }, { name: 'fix' });
};
`,
};

test('a long function outside the instrumented set is redefined through LiveEdit, and the new code runs', async (t) => {
  const sb = sandbox(t);
  sb.files(FILES);
  const eco = sb.ecosystem([{ name: 'lf', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { lf: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'lf', msg: 'v1 a=b; Path=/' });
  const r = await sb.cli(['update', 'lf', 'fix.js'], { timeoutMs: 30_000 });
  t.is(r.code, 0, show(r));
  const { event: applied, index } = await sb.waitEvent({ event: 'update.applied', app: 'lf', update: 'fix' });
  t.is(applied.via, 'liveedit');
  await sb.waitEvent({ event: 'app.log', app: 'lf', msg: 'v2 a=b' }, { from: index + 1 });
  t.is((await sb.cli(['rollback', 'lf'], { timeoutMs: 30_000 })).code, 0);
  const back = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'lf', msg: 'v1 a=b; Path=/' }, { from: back });
});
