// Reading an `ecosystem.config.{js,cjs,mjs}` (audit rows 5.13, 5.14): the file is a program, run
// when it is read. Run in the CLI (or the daemon) itself, a timer it leaves kept the process alive
// for good, `while (true) {}` hung it, and a default export that rejects printed an unhandled-
// rejection trace. So it runs in a worker thread: the caller waits (synchronously, on a shared
// flag) until the worker posts the exported object or CONFIG_LOAD_TIMEOUT_MS passes, then ends the
// thread with whatever the file left running. Cost: the worker's start-up, 25-90 ms (BENCHMARKS.md,
// "Ecosystem files"); JSON and YAML files are read as before.
import path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { CONFIG_LOAD_TIMEOUT_MS } from '../protocol/limits';

export type JsConfigMessage = { ok: true; value: unknown } | { ok: false; message: string; path?: string };

const WORKER = path.join(__dirname, 'js-config-worker.js');

/** What the file exports (not yet validated), or why it cannot be used (`path`: where in it). */
export function loadJsConfig(file: string, timeoutMs = CONFIG_LOAD_TIMEOUT_MS): JsConfigMessage {
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    workerData: { file, shared, port: port2 },
    transferList: [port2],
    // A config that allocates without end fails in its thread, not in the caller.
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  // Its failures arrive as messages; one after the result must not take the caller down.
  worker.on('error', () => {});
  const waited = Atomics.wait(flag, 0, 0, timeoutMs);
  const message = receiveMessageOnPort(port1)?.message as JsConfigMessage | undefined;
  port1.close();
  worker.unref();
  void worker.terminate();
  if (message) return message;
  return {
    ok: false,
    message: waited === 'timed-out'
      ? `it did not finish loading within ${timeoutMs / 1000} s (an endless loop? the file is run when it is read)`
      : 'it ended without exporting anything',
  };
}
