// Update modules written in TypeScript: the daemon strips the types before sending the source.
// Node's own module.stripTypeScriptTypes where it exists (22.13+), else sucrase's TypeScript
// transform (Node 20; an optional peer dependency, 3.3 MB with its own), where the typescript
// compiler was 23 MB at run time. Node only
// removes types (positions kept): the module stays what its syntax says, CommonJS or an ES module
// (the runtime imports a `.ts` that uses import/export as an ES module, `.mts` always). On Node 20
// a `.ts` / `.cts` also becomes CommonJS (sucrase's imports transform), as it did before.
import Module from 'node:module';
import { DaemonError } from '../control/errors';

/** The version moult is tested with (package.json peerDependencies). */
const SUCRASE_VERSION = '3.35.1';

type Strip = (code: string, options?: { mode?: 'strip' }) => string;
const nodeStrip = (Module as unknown as { stripTypeScriptTypes?: Strip }).stripTypeScriptTypes;

export function isTypeScript(file: string): boolean {
  return /\.[cm]?ts$/.test(file);
}

/** Where Node's error points (`<file>:<line>` then the line and a caret under the column), if it says. */
function nodeErrorPosition(err: Error): string {
  const [head, , caret] = (err.stack ?? '').split('\n');
  const line = /:(\d+)$/.exec(head ?? '')?.[1];
  const column = caret !== undefined && /^\s*\^/.test(caret) ? caret.indexOf('^') + 1 : 0;
  return line ? `:${line}${column ? `:${column}` : ''}` : '';
}

function stripWithNode(strip: Strip, source: string, file: string): string {
  // Experimental in every line that has it: its one-time warning is not the user's concern.
  const emit = process.emitWarning;
  process.emitWarning = (() => {}) as typeof process.emitWarning;
  try {
    return strip(source, { mode: 'strip' });
  } catch (err) {
    const e = err as Error & { code?: string };
    // Only the message: the stack quotes the file's text.
    throw new DaemonError('EBADFILE', `${file}${nodeErrorPosition(e)}: syntax error: ${e.message}`);
  } finally {
    process.emitWarning = emit;
  }
}

function stripWithSucrase(source: string, file: string): string {
  // Loaded only for TypeScript updates on Node 20, and installed only by those who need it (an
  // optional peer dependency): it would be a third of the install for a Node line past its end of life.
  let transform: typeof import('sucrase').transform;
  try {
     
    ({ transform } = require('sucrase') as typeof import('sucrase'));
  } catch {
    throw new DaemonError('EBADFILE', `${file}: TypeScript updates on Node ${process.versions.node} need the "sucrase" package next to moult (npm install sucrase@${SUCRASE_VERSION}); Node 22.13 and later strip types themselves`);
  }
  try {
    // `.ts` / `.cts` become CommonJS, as the typescript compiler made them before: Node 20 loads an
    // ES update module through its loader thread, which a CommonJS one does not need.
    const transforms: ('typescript' | 'imports')[] = file.endsWith('.mts') ? ['typescript'] : ['typescript', 'imports'];
    return transform(source, { transforms, disableESTransforms: true, filePath: file }).code;
  } catch (err) {
    const e = err as Error & { loc?: { line: number; column: number } };
    const where = e.loc ? `:${e.loc.line}:${e.loc.column}` : '';
    const message = e.message.replace(/^Error transforming [^\n]*?: /, '').replace(/\s*\(\d+:\d+\)$/, '');
    throw new DaemonError('EBADFILE', `${file}${where}: syntax error: ${message}`);
  }
}

export function transpileUpdate(source: string, file: string): string {
  return nodeStrip ? stripWithNode(nodeStrip, source, file) : stripWithSucrase(source, file);
}
