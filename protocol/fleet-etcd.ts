// The etcd client of a fleet, built the same way by daemons and the CLI: endpoints, TLS (ca, cert,
// key) and an etcd user whose password is read from a file (never written in the ecosystem).
//
// etcd3 (with gRPC and protobufjs, ~12 MB and ~60 ms to load) is an optional peer dependency,
// loaded here on first use: a daemon or a CLI command without a fleet never pays for it, and an
// install without it stays small. A fleet without it gets one clear error saying what to install.
import fs from 'node:fs';
import type { Etcd3, IOptions } from 'etcd3';
import { MoultError } from './errors';

export const FLEET_PACKAGES = 'etcd3@1.1.2 cockatiel@3.2.1';

export class FleetDependencyError extends MoultError {
  override readonly name = 'FleetDependencyError';
  constructor(message: string) {
    super('EFLEETDEPS', message);
  }
}

type Etcd3Module = typeof import('etcd3');
type CockatielModule = typeof import('cockatiel');

function loadClient(): { etcd3: Etcd3Module; cockatiel: CockatielModule } {
  try {
     
    return { etcd3: require('etcd3') as Etcd3Module, cockatiel: require('cockatiel') as CockatielModule };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new FleetDependencyError(`a fleet needs the etcd client, which is not installed: npm install --save-exact ${FLEET_PACKAGES}`);
  }
}

// etcd3's defaults back a watch off up to 30 s and hold a failing endpoint open for 5 s: after
// an etcd restart, orders would wait that long. A fleet wants to be back within a couple of seconds.
function faultHandling({ etcd3, cockatiel }: ReturnType<typeof loadClient>): IOptions['faultHandling'] {
  const { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen } = cockatiel;
  return {
    host: () => circuitBreaker(handleWhen(etcd3.isRecoverableError), { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }),
    // etcd3 calls .next() on it first: a backoff factory is what it takes, whatever its type says.
    watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }) as unknown as NonNullable<IOptions['faultHandling']>['watchBackoff'],
  };
}

export interface EtcdAccess {
  etcd: string[];
  tls?: { ca?: string; cert?: string; key?: string };
  auth?: { username: string; password_file: string };
}

/**
 * The deadline of each unary call of the CLI (a coordinator, `fleet ls`…). etcd3 sets none, and a
 * call that etcd never answered was waited on for good: a coordinator sat 10 minutes on one at
 * 5 000 hosts (BENCHMARKS, Fleet at scale); the coordinator retries a call past it as an outage.
 * Daemons set none: a call past its deadline makes etcd3 reset the connection, and with it every
 * watch and lease keep-alive of the process; under load at 10 000 hosts that turned slow answers
 * into a storm of lost leases and renewed watches (10 098 host records expired in one rollback).
 * A connection that died is found by the keepalive pings below, for both.
 */
export const ETCD_CALL_DEADLINE_MS = 10_000;

/**
 * gRPC keepalive while a call waits: a ping every 10 s, and a connection whose ping is not
 * answered within 5 s is closed, so the next try goes out on a new one (a deadline alone would
 * retry on the same dead connection for ever). etcd refuses pings more often than every 5 s
 * (--grpc-keepalive-min-time) and, by default, pings without a call in flight: neither is sent.
 */
const KEEPALIVE = { 'grpc.keepalive_time_ms': 10_000, 'grpc.keepalive_timeout_ms': 5_000 };

export interface EtcdClientOptions {
  /** Each unary call's deadline (none by default: see ETCD_CALL_DEADLINE_MS). */
  callDeadlineMs?: number;
}

export function etcdOptions(a: EtcdAccess, client = loadClient(), o: EtcdClientOptions = {}): IOptions {
  const opts: IOptions = { hosts: a.etcd, dialTimeout: 3000, faultHandling: faultHandling(client), grpcOptions: KEEPALIVE };
  const deadline = o.callDeadlineMs;
  // Streams (watches, lease keep-alives) live as long as the client: only unary calls get one.
  if (deadline) opts.defaultCallOptions = (context) => (context.isStream ? {} : { deadline: Date.now() + deadline });
  if (a.tls && (a.tls.ca || a.tls.cert || a.tls.key)) {
    opts.credentials = {
      // Without `ca`, null: gRPC then trusts the system's roots (an empty buffer would trust none).
      rootCertificate: a.tls.ca ? fs.readFileSync(a.tls.ca) : (null as unknown as Buffer),
      ...(a.tls.cert ? { certChain: fs.readFileSync(a.tls.cert) } : {}),
      ...(a.tls.key ? { privateKey: fs.readFileSync(a.tls.key) } : {}),
    };
  }
  if (a.auth) {
    opts.auth = { username: a.auth.username, password: fs.readFileSync(a.auth.password_file, 'utf8').trim() };
  }
  return opts;
}

export function openEtcd(a: EtcdAccess, o: EtcdClientOptions = {}): Etcd3 {
  const client = loadClient();
  return new client.etcd3.Etcd3(etcdOptions(a, client, o));
}
