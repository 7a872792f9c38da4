// qs's own test suite (shipped in its registry tarball: test/*.js, tape), run with qs, tape and
// their dependencies from this folder's node_modules. Prints tape's TAP output; first line:
// whether qs runs instrumented.
const path = require('node:path');
const fs = require('node:fs');

const qs = require('qs');
console.log(`instrumented ${String(qs.parse).includes('__moult$')}`);
const dir = path.join(__dirname, 'node_modules/qs/test');
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) require(path.join(dir, f));
