// The slice of node-ipc 9.2.1 that protocol/transport.ts uses (the package ships no types).
declare module 'node-ipc' {
  import type { Socket, Server } from 'node:net';

  interface IpcConfig {
    id: string;
    silent: boolean;
    rawBuffer: boolean;
    encoding: BufferEncoding;
    retry: number;
    maxRetries: number;
    stopRetrying: boolean;
    unlink: boolean;
    maxConnections: number;
  }

  interface IpcServer {
    server: Server;
    on(event: 'start', cb: () => void): void;
    on(event: 'connect', cb: (socket: Socket) => void): void;
    on(event: 'data', cb: (data: Buffer, socket: Socket) => void): void;
    on(event: 'socket.disconnected', cb: (socket: Socket, id?: string) => void): void;
    on(event: 'error', cb: (err: Error) => void): void;
    emit(socket: Socket, data: string | Buffer): void;
    start(): void;
    stop(): void;
  }

  interface IpcClient {
    socket: Socket;
    on(event: 'connect' | 'disconnect' | 'destroy', cb: () => void): void;
    on(event: 'data', cb: (data: Buffer) => void): void;
    on(event: 'error', cb: (err: NodeJS.ErrnoException) => void): void;
    emit(data: string | Buffer): void;
  }

  class IPC {
    config: IpcConfig;
    server: IpcServer;
    of: Record<string, IpcClient>;
    serve(path: string, cb?: () => void): void;
    connectTo(id: string, path: string, cb?: () => void): void;
    disconnect(id: string): void;
  }

  const ipc: IPC & { IPC: typeof IPC };
  export = ipc;
}
