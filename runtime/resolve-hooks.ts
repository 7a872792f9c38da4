// `require('moult/runtime')` and `import … from 'moult/runtime'` resolve, inside any managed app
// and any update module, to this very runtime, whether or not the app depends on moult: there
// must be one runtime per process, the one the daemon preloaded.
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TARGETS: Record<string, string> = {
  'moult': path.join(__dirname, 'index.js'),
  'moult/runtime': path.join(__dirname, 'index.js'),
  'moult/runtime/preload': path.join(__dirname, 'preload.js'),
};

type Resolver = (request: string, ...rest: unknown[]) => string;

export function installCjsHook(): void {
  const M = Module as unknown as { _resolveFilename: Resolver & { moult?: true } };
  if (M._resolveFilename.moult) return;
  const original = M._resolveFilename;
  const hooked = function (this: unknown, request: string, ...rest: unknown[]): string {
    const target = TARGETS[request];
    return target ?? original.call(this, request, ...rest);
  } as Resolver & { moult?: true };
  hooked.moult = true;
  M._resolveFilename = hooked;
}

let esmHooked = false;

/** ESM resolution goes through a hooks thread, so it is set up only when ESM code needs it. */
export function installEsmHook(): void {
  if (esmHooked) return;
  esmHooked = true;
  const urls = Object.fromEntries(Object.entries(TARGETS).map(([k, v]) => [k, pathToFileURL(v).href]));
  const register = (Module as unknown as { register?: (specifier: string, parent: string, opts: object) => void }).register;
  register?.('./esm-resolve.mjs', pathToFileURL(__filename).href, { data: urls });
}
