// npm's pretest step: makes sure the fleet tests find a real etcd (see etcd.mjs).
import { ensureEtcd } from './etcd.mjs';

try {
  ensureEtcd();
} catch (err) {
  process.stderr.write(`cannot install etcd-server: ${err.message}\n`);
}
