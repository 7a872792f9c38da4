// An update and the local files it loads, as one unit (issue 16, item 3: a signature covers
// everything that runs). An update module that requires or imports its own helpers (`./helper.js`,
// `../lib/x.mjs`) is signed, hashed, stored, sent and replayed as one text with them, so that a
// helper changed after signing is refused (audit row 6.4: it ran unsigned), and the app loads
// them from what the daemon verified and sent, never from disk. The signer (`moult update --sign`,
// `moult fleet update`) and the daemon make the unit the same way from the same files: a changed
// file makes another unit, whose signature does not verify.
//
// Local files are found by their string specifiers (`require('./x')`, `import … from './x'`,
// `import('./x')`, `export … from './x'`), relative or absolute, transitively; packages (bare
// specifiers) are the app's and resolve as usual. A specifier the scan does not see (computed at
// run time) finds nothing in the unit and is refused when the update loads it. The scan reads the
// text, not a syntax tree: it works for TypeScript too, and a false match only adds a file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MoultError } from './errors';

export interface UpdateUnit {
  /** The entry's source (the update file itself). */
  source: string;
  /** Each local file it loads, by its path relative to the entry's folder (`helper.js`, `../lib/x.mjs`), with its source. */
  files: Record<string, string>;
}

/** Starts the text of a unit with files: the entry's text alone stands for a unit without any. */
const HEADER = '//moult-unit v1\n';
/** No update needs more: past them the unit is refused (a scan gone astray, a folder of data). */
export const MAX_UNIT_FILES = 256;

const sorted = (o: Record<string, string>): Record<string, string> => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));

/** The text that is signed, hashed (its sha256 names the update), stored, and replayed. */
export function unitText(u: UpdateUnit): string {
  if (!Object.keys(u.files).length) return u.source;
  return HEADER + JSON.stringify({ source: u.source, files: sorted(u.files) });
}

export class UnitError extends MoultError {
  constructor(message: string) {
    super('EBADFILE', message);
  }
}

/** A unit's text back into the unit (a plain source is a unit without files). Throws UnitError. */
export function parseUnitText(text: string): UpdateUnit {
  if (!text.startsWith(HEADER)) return { source: text, files: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(HEADER.length));
  } catch {
    throw new UnitError('not a valid update unit (its JSON does not parse)');
  }
  const r = raw as { source?: unknown; files?: unknown };
  if (typeof r?.source !== 'string' || !r.files || typeof r.files !== 'object' || Array.isArray(r.files)) throw new UnitError('not a valid update unit');
  const files = r.files as Record<string, unknown>;
  for (const [k, v] of Object.entries(files)) {
    if (typeof v !== 'string' || !k || path.isAbsolute(k) || k.includes('\0') || path.normalize(k) !== k) throw new UnitError(`not a valid update unit (file ${JSON.stringify(k).slice(0, 60)})`);
  }
  return { source: r.source, files: files as Record<string, string> };
}

const SPECIFIERS = [
  /\b(?:require|import)\s*\(\s*(['"`])([^'"`$\n]+)\1\s*\)/g,
  /\bfrom\s*(['"])([^'"\n]+)\1/g,
  /\bimport\s*(['"])([^'"\n]+)\1/g,
];

/** The local specifiers (relative, absolute, file:) a source names as string literals. */
export function localSpecifiers(source: string): string[] {
  const out = new Set<string>();
  for (const re of SPECIFIERS) {
    re.lastIndex = 0;
    for (let m = re.exec(source); m; m = re.exec(source)) {
      const s = m[2]!;
      if (isLocalSpecifier(s)) out.add(s);
    }
  }
  return [...out];
}

export const isLocalSpecifier = (s: string): boolean => s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..' || s.startsWith('/') || s.startsWith('file:');

/** Extensions tried after the exact name, as Node's require does (ES imports name theirs). */
const EXTENSIONS = ['.js', '.json', '.cjs', '.mjs', '.ts', '.mts', '.cts'];

/**
 * Where a local specifier from a module in `dir` leads: the first of the exact path, the path with
 * an extension, and an index file in it, for which `isFile` says yes; null if none. The runtime
 * resolves with the same function against the unit's files: both find the same one.
 */
export function resolveLocal(dir: string, specifier: string, isFile: (p: string) => boolean): string | null {
  let abs: string;
  try {
    abs = specifier.startsWith('file:') ? fileURLToPath(specifier) : path.resolve(dir, specifier);
  } catch {
    return null;
  }
  const candidates = [abs, ...EXTENSIONS.map((e) => abs + e), ...EXTENSIONS.map((e) => path.join(abs, `index${e}`))];
  return candidates.find((c) => isFile(c)) ?? null;
}

const isRegularFile = (p: string): boolean => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * The unit of the update at `file` (whose source is `source`): every local file it loads, found
 * from the files on disk now. Throws UnitError past MAX_UNIT_FILES or when a file cannot be read.
 */
export function collectUnit(file: string, source: string): UpdateUnit {
  const entry = path.resolve(file);
  const base = path.dirname(entry);
  const files: Record<string, string> = {};
  const queue: { dir: string; text: string }[] = [{ dir: base, text: source }];
  const seen = new Set([entry]);
  while (queue.length) {
    const { dir, text } = queue.shift()!;
    for (const spec of localSpecifiers(text)) {
      const found = resolveLocal(dir, spec, isRegularFile);
      if (!found || seen.has(found)) continue;
      seen.add(found);
      if (seen.size > MAX_UNIT_FILES + 1) throw new UnitError(`${file} loads more than ${MAX_UNIT_FILES} local files`);
      let content: string;
      try {
        content = fs.readFileSync(found, 'utf8');
      } catch (err) {
        throw new UnitError(`${file} loads ${found}, which cannot be read: ${(err as Error).message}`);
      }
      files[path.relative(base, found)] = content;
      if (!found.endsWith('.json')) queue.push({ dir: path.dirname(found), text: content });
    }
  }
  return { source, files };
}

/** A unit's files by absolute path, for an entry at `file` (where the app loads them from memory). */
export function unitFilesAt(file: string, unit: UpdateUnit): Map<string, string> {
  const base = path.dirname(path.resolve(file));
  return new Map(Object.entries(unit.files).map(([rel, src]) => [path.resolve(base, rel), src]));
}
