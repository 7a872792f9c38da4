// The IPC channel every managed app gets (SPEC 3: apps always have one, for pm2's
// `process.send('ready')`). Two promises to the app: the channel never keeps it alive, and a
// `process.send` never throws nor crashes it, even when the daemon that started it has died (an
// app adopted by a later daemon still holds its channel to the dead one: its sends are dropped).
import cluster from 'node:cluster';

type Send = (message: unknown, ...rest: unknown[]) => boolean;

const noop = (): void => {};

/** Makes `process.send` safe; without a channel (started by hand) it is a no-op returning false. */
export function guardIpc(): void {
  const original = typeof process.send === 'function' ? (process.send.bind(process) as Send) : null;
  const guarded: Send = (message, ...rest) => {
    if (!original || !process.connected) return false;
    // Node reports a failed send to a callback if given, else as an 'error' event on process
    // (uncaught: the app dies). Always give one, keeping the app's own if it passed one.
    const args = [...rest];
    const cbAt = args.findIndex((a) => typeof a === 'function');
    if (cbAt === -1) {
      while (args.length < 2) args.push(undefined);
      args.push(noop);
    }
    try {
      return original(message, ...args);
    } catch {
      return false;
    }
  };
  process.send = guarded as typeof process.send;
  // A cluster worker lives while its primary is connected (node:cluster's own rule): leave it be.
  if (!original || cluster.isWorker) return;
  const unref = (): void => { (process.channel as { unref?: () => void } | undefined)?.unref?.(); };
  unref();
  // Node refs the channel while the app listens for 'message' or 'disconnect'; undo that after it.
  process.on('newListener', (name: string | symbol) => {
    if (name === 'message' || name === 'disconnect') process.nextTick(unref);
  });
}
