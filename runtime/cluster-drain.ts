// Inside a cluster worker: before the primary closes this worker's servers (reload, scale down,
// stop), it sends {moult: 'drain'}. From then on every HTTP response says `Connection: close` and
// its connection ends after it, so a keep-alive client learns to reconnect (to another worker)
// from the answer itself, instead of finding its idle connection closed under a request it is
// sending (a reset). One boolean test per request event until then.
import http from 'node:http';
import https from 'node:https';
import { DRAIN_MESSAGE } from '../protocol/cluster-channel';


export function installClusterDrain(): void {
  let draining = false;
  for (const proto of [http.Server.prototype, https.Server.prototype] as { emit: (...a: unknown[]) => boolean }[]) {
    const emit = proto.emit;
    proto.emit = function drainingEmit(this: unknown, event: unknown, ...rest: unknown[]): boolean {
      if (draining && event === 'request') {
        const res = rest[1] as http.ServerResponse | undefined;
        if (res && !res.headersSent) res.shouldKeepAlive = false;
      }
      return emit.call(this, event, ...rest);
    };
  }
  process.on('message', (m: unknown) => {
    if (m === DRAIN_MESSAGE) draining = true;
  });
}
