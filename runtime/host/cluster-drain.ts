// Inside a cluster worker: before the primary closes this worker's servers (reload, scale down,
// stop), it sends `moult:drain`. From then on every HTTP response says `Connection: close` and its
// connection ends after it, so a keep-alive client learns to reconnect (to another worker) from
// the answer itself, instead of finding its idle connection closed under a request it is sending.
// And when the servers then close, Node's closeIdleConnections() would also destroy connections
// just accepted whose request has not arrived yet (a reset for that client): while draining, only
// connections that already served a request and wait idle are closed; fresh ones get their answer.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { DRAIN_MESSAGE } from '../../protocol/cluster-channel';

interface Tracked { busy: number; served: number }

export function installClusterDrain(): void {
  let draining = false;
  const sockets = new Map<Socket, Tracked>();
  const protos = [http.Server.prototype, https.Server.prototype] as unknown as {
    emit: (...a: unknown[]) => boolean;
    closeIdleConnections: (this: unknown) => void;
  }[];
  for (const proto of protos) {
    const emit = proto.emit;
    proto.emit = function drainingEmit(this: unknown, event: unknown, ...rest: unknown[]): boolean {
      if (event === 'connection' || event === 'secureConnection') {
        const socket = rest[0] as Socket;
        sockets.set(socket, { busy: 0, served: 0 });
        socket.once('close', () => sockets.delete(socket));
      } else if (event === 'request') {
        const req = rest[0] as http.IncomingMessage;
        const res = rest[1] as http.ServerResponse;
        const t = sockets.get(req.socket);
        if (t) {
          t.busy++;
          res.once('close', () => { t.busy--; t.served++; });
        }
        if (draining && !res.headersSent) res.shouldKeepAlive = false;
      }
      return emit.call(this, event, ...rest);
    };
    const closeIdle = proto.closeIdleConnections;
    proto.closeIdleConnections = function drainingCloseIdle(this: unknown): void {
      if (!draining) return closeIdle.call(this);
      for (const [socket, t] of sockets) if (t.busy === 0 && t.served > 0) socket.destroy();
    };
  }
  process.on('message', (m: unknown) => {
    if (m === DRAIN_MESSAGE) draining = true;
  });
}
