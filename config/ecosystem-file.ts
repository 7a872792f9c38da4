// The kinds of ecosystem file pm2 reads (its Common.knonwConfigFileExtensions): `.json`,
// `.yaml`/`.yml`, and `*.config.{js,cjs,mjs}` whose module.exports (or default export) is the
// ecosystem. Each is read here into the same raw object; validation is ecosystem.ts's job.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonSyntaxError, duplicateKey, parseJson } from './json';
import { parseJson5 } from './json5';
import { formatPath } from './schema-validator';
import { largestExpansion } from './yaml-aliases';
import { loadJsConfig } from './js-config';
import { MoultError } from '../protocol/errors';

export type EcosystemKind = 'json' | 'yaml' | 'js';

/** Why a file could not be read into an ecosystem object (ecosystem.ts names the file); `path`: the culprit's JSON path, if one. */
export class EcosystemFileError extends MoultError {
  override readonly name = 'EcosystemFileError';
  constructor(message: string, readonly path = '') {
    super('ECONFIG', message);
  }
}

/** The kind of ecosystem file `file` names, or null for anything else (a script). */
export function ecosystemKind(file: string): EcosystemKind | null {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.json')) return 'json';
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  if (/\.config\.[cm]?js$/.test(base)) return 'js';
  return null;
}

/** The ecosystem object the file holds (not yet validated); throws EcosystemFileError. */
export function readEcosystemFile(abs: string): unknown {
  const kind = ecosystemKind(abs) ?? 'json';
  return kind === 'js' ? loadModule(abs) : parseText(kind, readText(abs));
}

/** An ecosystem piped on stdin (`moult start -`, pm2's `cat all.json | pm2 start -`): JSON, JSON5 or YAML. */
export function parseEcosystemText(text: string): unknown {
  try {
    return parseText('json', text);
  } catch (jsonError) {
    try {
      return parseText('yaml', text);
    } catch {
      throw jsonError;
    }
  }
}

function readText(abs: string): string {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new EcosystemFileError(`cannot read the file: ${ioReason(e)}`);
  }
}

function parseText(kind: 'json' | 'yaml', text: string): unknown {
  if (kind === 'json') {
    let value: unknown;
    try {
      value = parseJson(text);
    } catch {
      // pm2 reads .json files as JavaScript object literals (comments, unquoted keys…): JSON5,
      // whose parser refuses duplicate keys itself.
      try {
        return parseJson5(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch (e) {
        const where = e instanceof JsonSyntaxError && e.line !== undefined ? ` at line ${e.line}, column ${e.column}` : '';
        throw new EcosystemFileError(`not valid JSON (nor JSON5, which pm2 users write)${where}: ${e instanceof JsonSyntaxError ? e.reason : String(e)}`);
      }
    }
    // JSON.parse keeps the last of two equal keys without a word; YAML refuses them, so do we.
    const dup = duplicateKey(text);
    if (dup) {
      const key = dup.at[dup.at.length - 1]!;
      throw new EcosystemFileError(`duplicate key ${JSON.stringify(key)} (at line ${dup.line}, column ${dup.column}; first at line ${dup.first.line}, column ${dup.first.column})`, formatPath(dup.at));
    }
    return value;
  }
  // Loaded on demand: most starts never read YAML.
  const yaml = require('yaml') as typeof import('yaml');
  const doc = yaml.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [first] = doc.errors;
  if (first) {
    const at = first.linePos?.[0];
    const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new EcosystemFileError(`not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${reason}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    // A "billion laughs": the library says so without a place; name the branch that expands.
    const { at, values } = largestExpansion(doc);
    const many = values < 1e15 ? String(Math.round(values)) : values.toExponential(1);
    throw new EcosystemFileError(`its YAML aliases expand to ${many} values, too many to load (${e.message.toLowerCase()})`, formatPath(at));
  }
}

/**
 * As pm2 does: the module is required (Node ≥ 20.19 requires ES modules too, without top-level
 * await); its default export stands for the whole when it has no `apps` of its own. In a worker
 * thread with a deadline (config/js-config.ts), so that the file cannot hang or crash its reader.
 */
function loadModule(abs: string): unknown {
  if (!fs.existsSync(abs)) throw new EcosystemFileError('cannot read the file: no such file');
  const loaded = loadJsConfig(abs);
  if (!loaded.ok) throw new EcosystemFileError(loaded.message, loaded.path);
  return loaded.value;
}

export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
