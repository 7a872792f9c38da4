// Compiles a TypeScript project (argv[2]: its folder) with the typescript package of this
// folder's node_modules and prints, per emitted file, its name and the SHA-256 of its text, then
// every diagnostic: the same lines mean a byte-identical emit. First line: whether typescript.js
// runs instrumented (its functions carry moult's prologue).
const crypto = require('node:crypto');
const path = require('node:path');
const ts = require('typescript');

const project = path.resolve(process.argv[2]);
console.log(`instrumented ${String(ts.createProgram).includes('__moult$')}`);
const config = ts.getParsedCommandLineOfConfigFile(path.join(project, 'tsconfig.json'), {}, {
  ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
});
const outDir = path.join(project, '.moult-semantics-out');
const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, outDir, incremental: false, tsBuildInfoFile: undefined } });
const emitted = [];
const result = program.emit(undefined, (file, text) => emitted.push(`${path.relative(outDir, file)} ${crypto.createHash('sha256').update(text).digest('hex')}`));
for (const line of emitted.sort()) console.log(line);
for (const d of ts.getPreEmitDiagnostics(program).concat(result.diagnostics)) {
  console.log(`diagnostic ${d.file ? path.relative(project, d.file.fileName) : ''} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}
console.log(`${emitted.length} files emitted`);
