// The published API compiled as a user's code would be (issue 20): a project folder whose
// node_modules/moult is this package, `import … from 'moult'` and `'moult/runtime'` in a CommonJS
// TypeScript update module and an ES module deploy script, strict, resolved through package.json
// `exports` (node16). misuse.ts holds lines that must not compile (@ts-expect-error).
import { slowTest } from '../helpers/slow-suite.mjs';
// Line-neutral (tsc compiles the user's project the same on every line): one Node line in CI.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/moult.mjs';

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

slowTest("a user's TypeScript compiles against moult's and moult/runtime's published types", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-types-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of fs.readdirSync(path.join(ROOT, 'test', 'types', 'user-project'))) fs.copyFileSync(path.join(ROOT, 'test', 'types', 'user-project', f), path.join(dir, f));
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'moult'));
  fs.symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'user-app', private: true }));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', noEmit: true, types: ['node'], skipLibCheck: false, noImplicitOverride: true },
    files: ['update.ts', 'client.mts', 'misuse.ts'],
  }));
  const out = await new Promise((resolve) => execFile(process.execPath, [TSC, '-p', dir], { cwd: dir }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, text: stdout + stderr })));
  t.is(out.code, 0, out.text);
});
