// V8's verdict on sources, as Node compiles them (see v8-syntax-child.mjs): a batch of
// {code, isModule} in, [{ok, error?, line?}] out. ES modules can only be compiled without running
// them through vm.SourceTextModule, which needs --experimental-vm-modules: hence a child process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'v8-syntax-child.mjs');

export function v8Compile(items) {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--experimental-vm-modules', '--no-warnings', CHILD], { maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`v8-syntax-child failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin.end(JSON.stringify(items));
  });
}
