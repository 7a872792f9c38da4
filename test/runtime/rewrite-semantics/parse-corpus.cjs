// Parses every file listed in argv[2] (JSON: [{file, type}]) with acorn and with meriyah from
// this folder's node_modules and prints, per file and parser, the SHA-256 of the AST (or the
// error): the same lines mean the same ASTs. First line: whether both parsers run instrumented.
const crypto = require('node:crypto');
const fs = require('node:fs');
const acorn = require('acorn');
const meriyah = require('meriyah');

console.log(`instrumented ${String(acorn.parse).includes('__moult$')} ${String(meriyah.parse).includes('__moult$')}`);
const json = (ast) => JSON.stringify(ast, (k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof RegExp ? String(v) : v));
const hash = (f) => {
  try {
    return crypto.createHash('sha256').update(json(f())).digest('hex').slice(0, 16);
  } catch (err) {
    return `error ${err.message}`;
  }
};
for (const { file, type } of JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) {
  const code = fs.readFileSync(file, 'utf8');
  const a = hash(() => acorn.parse(code, { ecmaVersion: 'latest', sourceType: type, allowHashBang: true, allowReturnOutsideFunction: type === 'script', locations: true }));
  const m = hash(() => meriyah.parse(code, { sourceType: type, webcompat: type === 'script', globalReturn: type === 'script', ranges: true, loc: true, next: true }));
  console.log(`${file} acorn ${a} meriyah ${m}`);
}
