// The app's entry module, as Node found it. `require.main` is unusable in the runtime (the preload
// loads first), and an ES entry has no `process.mainModule`: it is found from argv[1] the way
// Node finds it (extension search, real path unless --preserve-symlinks-main).
import fs from 'node:fs';
import path from 'node:path';
import Module from 'node:module';

export function mainModule(): NodeJS.Module | undefined {
  return (process as { mainModule?: NodeJS.Module }).mainModule;
}

let found: string | undefined | null = null;

export function entryFile(): string | undefined {
  const main = mainModule();
  if (main) return main.filename;
  if (found !== null) return found;
  const arg = process.argv[1];
  if (!arg) return (found = undefined);
  const abs = path.resolve(arg);
  const M = Module as unknown as { _findPath?: (request: string, paths: null, isMain: boolean) => string | false };
  let file = M._findPath?.(abs, null, true) || abs;
  if (!process.execArgv.includes('--preserve-symlinks-main')) {
    try { file = fs.realpathSync(file); } catch { /* keep it as it is */ }
  }
  return (found = file);
}

/** The folder that relative paths in updates (`ctx.module`, `ctx.fn`, `--target`) start from. */
export function entryDir(): string {
  const file = entryFile();
  return file ? path.dirname(file) : process.cwd();
}
