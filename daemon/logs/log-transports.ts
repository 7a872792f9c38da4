// `daemon.log`: pino transports that receive every line of the structured log besides
// logs/moultd.log (pino-roll for a file with its own rotation, pino-loki, pino-elasticsearch, a
// module of the user's). pino runs them in a worker thread (thread-stream), so a slow or failing
// transport never blocks the daemon; an error in one is logged once to moultd.log and the
// transports are dropped, never the daemon. Their modules were resolved to absolute paths when the
// ecosystem file was read (config/ecosystem.ts): nothing else is loaded.
import pino from 'pino';
import type { DaemonLogConfig } from '../../protocol/config-types';

/** What pino.transport gives back (a thread-stream), as far as the daemon uses it. */
interface TransportStream extends pino.DestinationStream {
  end(): void;
  on(event: 'error', f: (err: Error) => void): void;
  once(event: 'close', f: () => void): void;
}

export interface Transports {
  /** The stream pino writes the lines to (a multistream leg). */
  readonly stream: pino.DestinationStream;
  /** The lowest level any of them wants. */
  readonly level: pino.Level;
  /** Flushes what is queued and ends the worker. */
  close(): Promise<void>;
}

const ORDER: pino.Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

export function openTransports(cfg: DaemonLogConfig, onError: (err: Error) => void): Transports {
  const stream = pino.transport({
    targets: cfg.targets.map((t) => ({ target: t.target, options: t.options, level: t.level })),
  }) as unknown as TransportStream;
  let failed = false;
  stream.on('error', (err: Error) => {
    if (failed) return;
    failed = true;
    onError(err);
  });
  const level = cfg.targets.map((t) => t.level).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0] ?? 'info';
  return {
    stream,
    level,
    close: () => new Promise<void>((resolve) => {
      if (failed) return resolve();
      const timer = setTimeout(resolve, 5000); // a transport that never finishes must not hold the daemon
      stream.once('close', () => { clearTimeout(timer); resolve(); });
      try { stream.end(); } catch { clearTimeout(timer); resolve(); }
    }),
  };
}
