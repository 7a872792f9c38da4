// Runs inside the worker thread of config/js-config.ts: requires the ecosystem file as pm2 does
// and posts back what it exports, as plain data, or why it cannot be used. Whatever the file
// leaves running (timers, servers, an endless loop after the fact) dies with this thread.
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { JsConfigMessage } from './js-config';

const { file, shared, port } = workerData as { file: string; shared: SharedArrayBuffer; port: MessagePort };
const flag = new Int32Array(shared);
let sent = false;

function done(message: JsConfigMessage): void {
  if (sent) return;
  sent = true;
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

const fail = (message: string, path?: string): void => done({ ok: false, message, ...(path ? { path } : {}) });

/** " at line N" for a syntax error in the file itself, from the stack Node gives it. */
function syntaxPlace(err: SyntaxError): string {
  const m = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(err.stack ?? '');
  return m ? ` at line ${m[1]}` : '';
}

/** The path of the first value a structured clone cannot carry (a function, a symbol), or null. */
function unclonable(value: unknown, at: string, seen: Set<unknown>): { at: string; what: string } | null {
  if (typeof value === 'function') return { at, what: 'a function' };
  if (typeof value === 'symbol') return { at, what: 'a symbol' };
  if (value === null || typeof value !== 'object' || seen.has(value)) return null;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) {
    const where = Array.isArray(value) ? `${at}[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? (at ? `${at}.${k}` : k) : `${at}[${JSON.stringify(k)}]`;
    const found = unclonable(v, where, seen);
    if (found) return found;
  }
  return null;
}

function send(value: unknown): void {
  try {
    done({ ok: true, value });
  } catch {
    sent = false;
    const found = unclonable(value, '', new Set());
    fail(found ? `${found.what}, which an ecosystem cannot hold (it is data, sent to the daemon)` : 'what it exports cannot be read as data', found?.at);
  }
}

// A config that ends its own thread never answers otherwise.
process.on('exit', (code) => fail(`it called process.exit(${code}) while it was read`));

let loaded: unknown;
try {
  loaded = require(file);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ERR_REQUIRE_ASYNC_MODULE') fail('it uses top-level await, which an ecosystem file cannot (export the object directly)');
  else fail(`loading it threw${err instanceof SyntaxError ? syntaxPlace(err) : ''}: ${err instanceof Error ? err.message : String(e)}`);
}
if (!sent) {
  const mod = loaded as Record<string, unknown> | null;
  const value = mod && typeof mod === 'object' && !('apps' in mod) && 'default' in mod ? mod.default : mod;
  if (value && typeof (value as { then?: unknown }).then === 'function') {
    // pm2 reads the file with require(): a promise is not a config. Its outcome makes the message clear.
    Promise.resolve(value).then(
      () => fail('its export is a Promise (it resolved): export the object itself, as pm2 reads the file with require()'),
      (reason: unknown) => fail(`its export is a Promise, and it rejected: ${reason instanceof Error ? reason.message : String(reason)}`),
    );
  } else if (value === null || typeof value !== 'object') {
    fail(`expected module.exports (or the default export) to be an object with "apps", got ${value === null ? 'null' : typeof value}`);
  } else send(value);
}
