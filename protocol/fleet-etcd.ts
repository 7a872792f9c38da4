// The etcd client of a fleet, built the same way by daemons and the CLI: endpoints, TLS (ca, cert,
// key) and an etcd user whose password is read from a file (never written in the ecosystem).
import fs from 'node:fs';
import { Etcd3, isRecoverableError, type IOptions } from 'etcd3';
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen } from 'cockatiel';

// etcd3's defaults back a watch off up to 30 s and hold a failing endpoint open for 5 s: after
// an etcd restart, orders would wait that long. A fleet wants to be back within a couple of seconds.
const faultHandling: IOptions['faultHandling'] = {
  host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }),
  // etcd3 calls .next() on it first: a backoff factory is what it takes, whatever its type says.
  watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }) as unknown as NonNullable<IOptions['faultHandling']>['watchBackoff'],
};

export interface EtcdAccess {
  etcd: string[];
  tls?: { ca?: string; cert?: string; key?: string };
  auth?: { username: string; password_file: string };
}

export function etcdOptions(a: EtcdAccess): IOptions {
  const opts: IOptions = { hosts: a.etcd, dialTimeout: 3000, faultHandling };
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

export function openEtcd(a: EtcdAccess): Etcd3 {
  return new Etcd3(etcdOptions(a));
}
