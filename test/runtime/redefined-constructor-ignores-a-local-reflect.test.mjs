// `new f()` of a redefined function constructs its new version through the forwarder, even in a
// module that has a binding of its own named `Reflect` (the forwarder once called the module's
// `Reflect.construct`, whatever that named there).
import test from 'ava';
import { startApp, finish } from './helpers.mjs';

const lib = `'use strict';
const Reflect = { construct() { throw new Error('the module\\'s own Reflect was called'); } };
function Point(x) { this.x = x; }
module.exports = { Point, Reflect };
`;

const app = `'use strict';
const { redefineFunction } = require('moult/runtime');
const lib = require('./lib');
redefineFunction(lib, lib.Point, function Point(x) { this.x = x * 2; this.made = new.target === lib.Point; });
const p = new lib.Point(2);
console.log('RESULT ' + JSON.stringify({ x: p.x, made: p.made, instance: p instanceof lib.Point }));
`;

test('new of a redefined function constructs its new version, whatever Reflect names in its module', async (t) => {
  const a = startApp(t, { 'lib.js': lib, 'app.js': app });
  await finish(t, a);
  const line = a.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  t.truthy(line, `no result\n${a.describe()}`);
  t.deepEqual(JSON.parse(line.slice('RESULT '.length)), { x: 4, made: true, instance: true });
});
