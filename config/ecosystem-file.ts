// The kinds of ecosystem file pm2 reads (its Common.knonwConfigFileExtensions): `.json`,
// `.yaml`/`.yml`, and `*.config.{js,cjs,mjs}` whose module.exports (or default export) is the
// ecosystem. Each is read here into the same raw object; validation is ecosystem.ts's job.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonSyntaxError, parseJson } from './json';
import { parseJson5 } from './json5';

export type EcosystemKind = 'json' | 'yaml' | 'js';

/** Why a file could not be read into an ecosystem object (ecosystem.ts names the file). */
export class EcosystemFileError extends Error {
  override readonly name = 'EcosystemFileError';
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
    try {
      return parseJson(text);
    } catch {
      // pm2 reads .json files as JavaScript object literals (comments, unquoted keys…): JSON5.
      try {
        return parseJson5(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch (e) {
        const where = e instanceof JsonSyntaxError && e.line !== undefined ? ` at line ${e.line}, column ${e.column}` : '';
        throw new EcosystemFileError(`not valid JSON (nor JSON5, which pm2 users write)${where}: ${e instanceof JsonSyntaxError ? e.reason : String(e)}`);
      }
    }
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
  return doc.toJS({ maxAliasCount: 100 });
}

/**
 * As pm2 does: the module is required afresh (Node ≥ 20.19 requires ES modules too, without
 * top-level await); its default export stands for the whole when it has no `apps` of its own.
 */
function loadModule(abs: string): unknown {
  if (!fs.existsSync(abs)) throw new EcosystemFileError('cannot read the file: no such file');
  let loaded: unknown;
  try {
    const resolved = require.resolve(abs);
    delete require.cache[resolved];
    loaded = require(resolved);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_REQUIRE_ASYNC_MODULE') throw new EcosystemFileError('it uses top-level await, which an ecosystem file cannot (export the object directly)');
    const where = err instanceof SyntaxError ? syntaxPlace(err, abs) : '';
    throw new EcosystemFileError(`loading it threw${where}: ${err instanceof Error ? err.message : String(e)}`);
  }
  const mod = loaded as Record<string, unknown> | null;
  const value = mod && typeof mod === 'object' && !('apps' in mod) && 'default' in mod ? mod.default : mod;
  if (value === null || typeof value !== 'object') {
    throw new EcosystemFileError(`expected module.exports (or the default export) to be an object with "apps", got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** " at line N" for a syntax error in the file itself, from the stack Node gives it. */
function syntaxPlace(err: SyntaxError, abs: string): string {
  const m = new RegExp(`${abs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(err.stack ?? '');
  return m ? ` at line ${m[1]}` : '';
}

export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
