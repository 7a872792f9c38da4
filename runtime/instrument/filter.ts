// Which modules the load hooks rewrite: by default every JavaScript file of the app outside
// node_modules; `updates.instrument` (globs relative to the app's folder, passed in
// MOULT_INSTRUMENT) chooses otherwise, and `false` turns instrumentation off.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST_ROOT } from '../../protocol/package-files';

export type InstrumentSetting = string[] | false | null;

/** The setting as the daemon passes it: a JSON array of globs, `false`, or nothing (the default). */
export function parseInstrumentSetting(raw: string | undefined): InstrumentSetting {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (v === false) return false;
    if (Array.isArray(v) && v.every((g) => typeof g === 'string')) return v as string[];
  } catch { /* refused below */ }
  throw new Error(`MOULT_INSTRUMENT must be a JSON array of globs or false, not ${JSON.stringify(raw.slice(0, 80))}`);
}

const RUNTIME_ROOT = DIST_ROOT;
const SOURCE = /\.(c|m)?js$/;

export function makeFilter(setting: InstrumentSetting, base: string): (url: string) => boolean {
  const wantedFile = makeFileFilter(setting, base);
  return (url) => {
    if (!url.startsWith('file:')) return false;
    let file: string;
    try {
      file = fileURLToPath(url);
    } catch {
      return false;
    }
    return wantedFile(file);
  };
}

/** The same filter for a file's absolute path (CommonJS loading gives paths: no URL round trip per module). */
export function makeFileFilter(setting: InstrumentSetting, base: string): (file: string) => boolean {
  if (setting === false) return () => false;
  let matches: ((p: string) => boolean) | null = null;
  if (setting) {
     
    const picomatch = require('picomatch') as typeof import('picomatch');
    matches = picomatch(setting, { dot: true });
  }
  return (file) => {
    if (!SOURCE.test(file) || file.startsWith(RUNTIME_ROOT + path.sep)) return false;
    if (matches) return matches(path.relative(base, file).split(path.sep).join('/'));
    return !file.includes(`${path.sep}node_modules${path.sep}`);
  };
}
