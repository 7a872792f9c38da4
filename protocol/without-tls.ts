// node-ipc loads `tls` at start-up, for TLS sockets moult never opens: 12 ms of every CLI run and
// 3 MB of RSS in the daemon and in every app. It is handed a stand-in that loads the real module
// on first use, so nothing changes if TLS is ever asked for.
import Module from 'node:module';

type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

export function requireWithoutEagerTls<T>(id: string, req: (id: string) => unknown): T {
  const M = Module as unknown as Loader;
  const load = M._load;
  if (typeof load !== 'function') return req(id) as T;
  let real: Record<string | symbol, unknown> | null = null;
  const tls = (): Record<string | symbol, unknown> => (real ??= load.call(Module, 'tls', null, false) as Record<string | symbol, unknown>);
  const standIn = new Proxy({}, {
    get: (_t, key) => tls()[key],
    has: (_t, key) => key in tls(),
  });
  M._load = function (this: unknown, request: string, ...rest: [unknown, boolean]): unknown {
    return request === 'tls' || request === 'node:tls' ? standIn : load.call(this, request, ...rest);
  };
  try {
    return req(id) as T;
  } finally {
    M._load = load;
  }
}
