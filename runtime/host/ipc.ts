// The IPC channel every managed app gets (SPEC 3: apps always have one, for pm2's
// `process.send('ready')`). Two promises to the app: the channel never keeps it alive, and a
// `process.send` never throws nor crashes it, even when the daemon that started it has died (an
// app adopted by a later daemon still holds its channel to the dead one: its sends are dropped).

import { CLUSTER_ENV } from '../../protocol/cluster-channel';

type Send = (message: unknown, ...rest: unknown[]) => boolean;

let clusterWorker: boolean | undefined;

/**
 * Whether this process is a worker of moult's cluster primary: the primary marks its workers'
 * environment (Node has already removed its own NODE_UNIQUE_ID when preloads run, and loading
 * node:cluster to ask its `isWorker` costs 3-4 ms at every start). Read once; the mark is removed
 * so that the app's own children do not inherit it.
 */
export function isClusterWorker(): boolean {
  if (clusterWorker === undefined) {
    clusterWorker = process.env[CLUSTER_ENV.worker] === '1';
    delete process.env[CLUSTER_ENV.worker];
  }
  return clusterWorker;
}

const noop = (): void => {};

/** Makes `process.send` safe. Without a channel (an app run by hand) it stays undefined, as Node leaves it. */
export function guardIpc(): void {
  if (typeof process.send !== 'function') return;
  const original = process.send.bind(process) as Send;
  const guarded: Send = (message, ...rest) => {
    // Node reports a failed send to a callback if given, else as an 'error' event on process
    // (uncaught: the app dies). Always give one, keeping the app's own if it passed one.
    const args = [...rest];
    if (!args.some((a) => typeof a === 'function')) {
      if (!process.connected) return false;
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
  if (isClusterWorker()) return;
  const unref = (): void => { (process.channel as { unref?: () => void } | undefined)?.unref?.(); };
  unref();
  // Node refs the channel while the app listens for 'message' or 'disconnect'; undo that after it.
  process.on('newListener', (name: string | symbol) => {
    if (name === 'message' || name === 'disconnect') process.nextTick(unref);
  });
}
