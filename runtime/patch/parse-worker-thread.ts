// The worker side of parse-worker.ts: parses what it is sent with the runtime's own parser
// (function-table.ts), and sends back the function table and the tokens, or nothing if the
// source does not parse (the app's thread then parses it itself, and reports the error).
import { parentPort } from 'node:worker_threads';
import { parseModule, type TokenSpan } from '../instrument/function-table';

parentPort?.on('message', (m: { id: number; source: string; isModule: boolean }) => {
  try {
    const tokens: TokenSpan[] = [];
    const parsed = parseModule(m.source, m.isModule, tokens);
    parentPort!.postMessage({ id: m.id, parsed, tokens });
  } catch {
    parentPort!.postMessage({ id: m.id });
  }
});
