// npm links a package's bins for its dependents, not for the package itself; link them into our
// own node_modules/.bin so that `npx moult …` and the conformance runner work from a fresh clone.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
const { bin } = require(path.join(root, 'package.json'));
fs.mkdirSync(binDir, { recursive: true });
for (const [name, target] of Object.entries(bin)) {
  const link = path.join(binDir, name);
  try { fs.unlinkSync(link); } catch { /* not there */ }
  fs.symlinkSync(path.relative(binDir, path.join(root, target)), link);
}
