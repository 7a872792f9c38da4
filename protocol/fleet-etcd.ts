// The etcd client of a fleet, built the same way by daemons and the CLI: endpoints, TLS (ca, cert,
// key) and an etcd user whose password is read from a file (never written in the ecosystem).
import fs from 'node:fs';
import { Etcd3, type IOptions } from 'etcd3';

export interface EtcdAccess {
  etcd: string[];
  tls?: { ca?: string; cert?: string; key?: string };
  auth?: { username: string; password_file: string };
}

export function etcdOptions(a: EtcdAccess): IOptions {
  const opts: IOptions = { hosts: a.etcd, dialTimeout: 3000 };
  if (a.tls && (a.tls.ca || a.tls.cert || a.tls.key)) {
    opts.credentials = {
      rootCertificate: a.tls.ca ? fs.readFileSync(a.tls.ca) : Buffer.alloc(0),
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
