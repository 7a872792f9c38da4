// Update modules written in TypeScript: the daemon strips the types before sending the source
// (Node 20 cannot run .ts itself). `.mts` stays an ES module, `.ts` / `.cts` become CommonJS.
import { DaemonError } from './errors';

export function isTypeScript(file: string): boolean {
  return /\.[cm]?ts$/.test(file);
}

export function transpileUpdate(source: string, file: string): string {
  let ts: typeof import('typescript');
  try {
    // Loaded only for TypeScript updates: it is large and most updates are JavaScript.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    ts = require('typescript');
  } catch {
    throw new DaemonError('EBADFILE', `${file}: TypeScript updates need the "typescript" package next to moult`);
  }
  const esm = file.endsWith('.mts');
  const out = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    const d = errors[0];
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    throw new DaemonError('EBADFILE', `${file}${where ? `:${where.line + 1}:${where.character + 1}` : ''}: syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  return out.outputText;
}
