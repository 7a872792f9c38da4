// What the daemon checks of an update before anything of it is stored or sent (SPEC 8, Trust;
// issue 16, items 2 and 3): read once, made into its unit (the update with the local files it loads,
// protocol/update-unit.ts) from the files as they are now, its signature verified over the whole
// unit (audit row 6.4: a helper changed after signing ran unsigned), TypeScript stripped, syntax and
// size checked. The unit's text is what is hashed and kept for replays: a replay sends exactly what
// was verified then, never the files as they are later.
import fs from 'node:fs';
import path from 'node:path';
import type { parse as parseType } from 'meriyah';
import { MAX_UPDATE_SOURCE_BYTES, formatBytes, updateSourceProblem, withoutContent } from '../../protocol/limits';
import { UnitError, collectUnit, parseUnitText, unitText, type UpdateUnit } from '../../protocol/update-unit';
import { DaemonError } from '../control/errors';
import { isTypeScript, transpileUpdate } from './typescript';
import { signatureProblem } from './signature';
import { sha256 as sha256Of } from './stored-sources';
import type { PatchSpec } from '../../protocol/runtime-channel';
import type { ReleaseRecord } from '../state/store';

/**
 * Whether the update module parses, the way the runtime will load it (CommonJS, or an ES module:
 * `.mjs`, or a `.js` that only parses as one). Returns null, or the syntax error as
 * `syntax error: <kind> (file:line:column)`, quoting nothing of the file.
 */
export function syntaxProblem(source: string, file: string): string | null {
  // meriyah, the parser the runtime uses already (acorn was a second one in the install), loaded
  // when an update arrives: 2 MB of the daemon's RSS otherwise.
   
  const { parse } = require('meriyah') as { parse: typeof parseType };
  const attempt = (sourceType: 'script' | 'module'): { message: string; pos: number; line: number; column: number } | null => {
    try {
      parse(source, { sourceType, next: true, loc: true, globalReturn: sourceType === 'script' });
      return null;
    } catch (err) {
      const e = err as SyntaxError & { start?: number; description?: string; loc?: { start: { line: number; column: number } } };
      if (!e.loc) throw err;
      return { message: e.description ?? e.message.replace(/^\[[^\]]*\]:\s*/, ''), pos: e.start ?? 0, line: e.loc.start.line, column: e.loc.start.column };
    }
  };
  const esm = /\.m[jt]s$/.test(file);
  const script = esm ? null : attempt('script');
  if (!esm && !script) return null;
  const module = attempt('module');
  if (!module) return null;
  // Neither parses: the error that got further is the one the author means.
  const e = script && script.pos > module.pos ? script : module;
  return `syntax error: ${withoutContent(e.message)} (${file}:${e.line}:${e.column + 1})`;
}

export interface UpdateJob {
  app: string;
  file: string;
  manager?: string;
  wait: boolean;
  timeoutMs: number;
  /** A replay after a restart: the recorded source and id are used, not the file. */
  replay?: { source: string; update_id: string };
  /** `moult patch`: the source replaces a loaded module (SPEC 6.4). */
  patch?: PatchSpec;
  /** A fleet update's id, the same on every host and instance (one record in state.json). */
  update_id?: string;
  /**
   * A fleet release applied to an instance that is not online yet (SPEC 8, desired state): like a
   * replay, it is not health-gated (the app is still starting; its start is what counts).
   */
  beforeOnline?: boolean;
  /** A release (SPEC 6.5): its source is built by the daemon (no file to read), and what it did to the tree. */
  release?: { source: string; record: ReleaseRecord; signatureChecked?: boolean };
}

export interface PreparedUpdate {
  /** What was verified, hashed and is kept: the unit's text (a plain source for a single file). */
  original: string;
  sha256: string;
  /** What the app loads: the entry's source and its local files (relative to its folder), types stripped. */
  source: string;
  files: Record<string, string>;
}

type Reject = (reason: string, message: string) => never;

/** A source as it goes to the app: TypeScript stripped, anything else checked for syntax first. */
function loadable(source: string, file: string, checkSyntax: boolean, reject: Reject): string {
  if (isTypeScript(file)) {
    try {
      return transpileUpdate(source, file);
    } catch (err) {
      // TypeScript's message may quote the file (an identifier, a string): not past this point.
      const message = withoutContent((err as Error).message);
      return reject(message, message);
    }
  }
  if (checkSyntax && !file.endsWith('.json')) {
    // Checked here, before anything is stored or sent: a file given by mistake (a config with
    // secrets) is neither kept under updates/ nor echoed back.
    const problem = syntaxProblem(source, file);
    if (problem) return reject(problem, problem);
  }
  return source;
}

export function prepareUpdate(job: UpdateJob, trustedKeys: readonly string[], reject: Reject): PreparedUpdate {
  let text: string;
  try {
    const given = job.replay?.source ?? job.release?.source;
    const bytes = given !== undefined ? Buffer.byteLength(given) : fs.statSync(job.file).size;
    if (bytes > MAX_UPDATE_SOURCE_BYTES) {
      // Not even read: it could not reach the app, whose frames are limited to the same size.
      const reason = `too large: ${formatBytes(bytes)}, over the limit of ${formatBytes(MAX_UPDATE_SOURCE_BYTES)} (it must fit in one frame)`;
      return reject(reason, `update file ${job.file}: ${reason}`);
    }
    text = given ?? fs.readFileSync(job.file, 'utf8');
  } catch (err) {
    if (err instanceof DaemonError) throw err;
    const reason = `unreadable: ${(err as Error).message}`;
    return reject(reason, `cannot read update file ${job.file}: ${(err as Error).message}`);
  }
  // A patch is one module's source: what it requires at run time is the app's own (its folder).
  let unit: UpdateUnit;
  try {
    unit = job.patch ? { source: text, files: {} } : job.replay || text.startsWith('//moult-unit') ? parseUnitText(text) : collectUnit(job.file, text);
  } catch (err) {
    if (!(err instanceof UnitError)) throw err;
    return reject(err.message, `update file ${job.file}: ${err.message}`);
  }
  const original = job.patch ? text : unitText(unit);
  const helpers = Object.keys(unit.files);
  // A fleet release's signature was checked over the tarball it came in (fleet/host-apply.ts); a
  // local release has no signature file: refused while daemon.trusted_keys is set.
  const unsigned = job.replay || job.release?.signatureChecked ? null : signatureProblem(original, job.file, trustedKeys);
  if (unsigned) {
    const covers = helpers.length ? `; it covers the update with the ${helpers.length} local file(s) it loads (${helpers.slice(0, 3).join(', ')}${helpers.length > 3 ? '…' : ''}): sign them together with \`moult update --sign\`` : '';
    return reject(unsigned, `update file ${job.file}: ${unsigned} (daemon.trusted_keys is set${covers})`);
  }
  // A release's source is its JSON manifest, built by the daemon itself.
  const checkSyntax = !job.replay && !job.release && !job.patch?.release;
  const base = path.dirname(job.file);
  const files: Record<string, string> = {};
  for (const rel of helpers) files[rel] = loadable(unit.files[rel]!, path.join(base, rel), checkSyntax, reject);
  const source = job.patch && isTypeScript(job.file) ? unit.source : loadable(unit.source, job.file, checkSyntax, reject);
  const tooLarge = updateSourceProblem(helpers.length ? unitText({ source, files }) : source);
  if (tooLarge) return reject(tooLarge, `update file ${job.file}: ${tooLarge}`);
  return { original, sha256: sha256Of(original), source, files };
}
