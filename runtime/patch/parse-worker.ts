// Parsing for patches on a worker thread: the function table and the tokens of a source, as
// function-table.ts gives them, computed off the app's thread (measured: a parser that has not
// warmed up in this process takes ~1 ms per KB of source, in one piece, and the first patch of a
// process parses two sources). The app's thread only receives the result. The worker is made on
// the first request, does not keep the app alive, and ends after a minute without work.
// A source parsed here is handed to the next parseSource() of it (patch-plan.ts), once.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { ParsedModule, TokenSpan } from '../instrument/function-table';

export interface Preparsed { parsed: ParsedModule; tokens: TokenSpan[] }

const IDLE_MS = 60_000;
let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 0;
const waiting = new Map<number, (r: Preparsed | null) => void>();
const ready = new Map<string, Preparsed>();

const keyOf = (source: string, isModule: boolean): string => `${isModule ? 'm' : 's'}:${source}`;

function stop(): void {
  const w = worker;
  worker = null;
  for (const resolve of waiting.values()) resolve(null);
  waiting.clear();
  void w?.terminate().catch(() => undefined);
}

function start(): Worker {
  // No --require of the runtime in there, and nothing of the app's: only the parser.
  const w = new Worker(path.join(__dirname, 'parse-worker-thread.js'), { execArgv: [], argv: [], stdout: true, stderr: true });
  w.unref();
  w.on('message', (m: { id: number; parsed?: ParsedModule; tokens?: TokenSpan[] }) => {
    const resolve = waiting.get(m.id);
    waiting.delete(m.id);
    resolve?.(m.parsed && m.tokens ? { parsed: m.parsed, tokens: m.tokens } : null);
  });
  w.on('error', () => { if (worker === w) stop(); });
  w.on('exit', () => { if (worker === w) stop(); });
  return w;
}

/**
 * Parses `source` on the worker; resolves once it is ready for parseSource (false if the worker
 * could not parse it: the patch then parses it on the app's thread, as before).
 */
export function preparse(source: string, isModule: boolean): Promise<boolean> {
  const key = keyOf(source, isModule);
  if (ready.has(key)) return Promise.resolve(true);
  try {
    worker ??= start();
  } catch {
    return Promise.resolve(false);
  }
  if (idle) clearTimeout(idle);
  idle = setTimeout(stop, IDLE_MS);
  idle.unref();
  const id = nextId++;
  return new Promise<boolean>((resolve) => {
    waiting.set(id, (r) => {
      if (r) ready.set(key, r);
      resolve(r !== null);
    });
    worker!.postMessage({ id, source, isModule });
  });
}

/** The worker's result for this source, if there is one (taken: used once). */
export function takePreparsed(source: string, isModule: boolean): Preparsed | undefined {
  const key = keyOf(source, isModule);
  const r = ready.get(key);
  ready.delete(key);
  return r;
}
