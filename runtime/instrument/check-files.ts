// `moult check` (and the rewrite's corpus tests) run this file in a child process,
//   node --experimental-vm-modules --no-warnings check-files.js
// (the flag lets V8 compile ES modules without running them). It reads one JSON request on stdin:
//   {dir, instrument}: every file of `dir` that the load hooks would rewrite with the
//                      `updates.instrument` setting `instrument` (globs, false, or null: default)
//   {files: [{file, type?}]}: these files (type: "script" | "module"; else as Node decides)
// and prints one JSON array of {file, ...Verdict} (check.ts), in the order of the files.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSource, type SourceType, type Verdict } from './check';
import { makeFilter, type InstrumentSetting } from './filter';

type Request = { dir: string; instrument: InstrumentSetting } | { files: { file: string; type?: SourceType }[] };

/** How Node reads a file: .mjs and .cjs by their name, .js by the nearest package.json's "type". */
export function sourceTypeOf(file: string): SourceType | undefined {
  if (file.endsWith('.mjs')) return 'module';
  if (file.endsWith('.cjs')) return 'script';
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    let pkg: { type?: unknown } | null = null;
    try {
      pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch { /* no package.json here, or not JSON: Node looks further up */ }
    if (pkg) return pkg.type === 'module' ? 'module' : pkg.type === 'commonjs' ? 'script' : undefined;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The files of `dir` the load hooks would rewrite, sorted; node_modules is entered only when globs are set. */
export function filesToCheck(dir: string, instrument: InstrumentSetting): string[] {
  const wanted = makeFilter(instrument, dir);
  const found: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name === '.git' || (e.name === 'node_modules' && !Array.isArray(instrument))) continue;
        walk(p);
      } else if (e.isFile() && wanted(pathToFileURL(p).href)) found.push(p);
    }
  };
  if (instrument !== false) walk(dir);
  return found.sort();
}

export function checkFile(file: string, type: SourceType | undefined): Verdict {
  let source = fs.readFileSync(file, 'utf8');
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1); // as Node reads it
  return checkSource(source, type);
}

function main(): void {
  let input = '';
  process.stdin.setEncoding('utf8').on('data', (d) => { input += d; }).on('end', () => {
    const req = JSON.parse(input) as Request;
    const files = 'files' in req ? req.files : filesToCheck(path.resolve(req.dir), req.instrument).map((file) => ({ file, type: undefined }));
    const out = files.map(({ file, type }) => {
      try {
        return { file, ...checkFile(file, type ?? sourceTypeOf(file)) };
      } catch (err) {
        return { file, status: 'invalid', reason: `cannot read it: ${(err as Error).message}` };
      }
    });
    process.stdout.write(JSON.stringify(out));
  });
}

if (require.main === module) main();
