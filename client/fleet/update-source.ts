// What a fleet rollout carries (SPEC 8, 6.5), read on the operator's machine: an update or patch
// file with the local files it loads, or a release (a dir, tarball, git ref or `--package`) packed
// into one tarball that each host builds against its own tree. Checked here, once, before anything
// is written to etcd: too large or unreadable is exit 2 naming the file.
import crypto from 'node:crypto';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { MAX_FLEET_UPDATE_BYTES, type StoredUpdate } from '../../protocol/fleet';
import { formatBytes } from '../../protocol/limits';
import { signSource } from '../../protocol/signature';
import { CliError } from '../errors';
import { isRelease, resolveRelease } from '../verbs/release';
import { signedText } from './keygen';

export interface SourceArgs {
  /** The file or release as given (`fleet update|patch <app> <this>`). */
  given?: string;
  kind: 'update' | 'patch';
  sign?: string;
  target?: string;
  /** `fleet patch --package name@version|tarball`. */
  package?: string;
}

/** The stored update of `fleet update|patch`: a release when it names one, else a file. */
export function readUpdateSource(a: SourceArgs): StoredUpdate {
  const release = a.kind === 'patch' && (a.package !== undefined || (a.given !== undefined && isRelease(a.given)));
  if (release) return readRelease(a);
  if (a.given === undefined || a.given === '') throw new CliError(2, `fleet ${a.kind}: missing <file>`);
  return readUpdate(a.given, a.kind, a);
}

function sign(source: string, key: string | undefined): string | undefined {
  if (!key) return undefined;
  try {
    return signSource(source, fs.readFileSync(path.resolve(key), 'utf8'));
  } catch (err) {
    throw new CliError(2, `--sign ${key}: ${(err as Error).message}`);
  }
}

function readUpdate(file: string, kind: 'update' | 'patch', a: SourceArgs): StoredUpdate {
  const abs = path.resolve(file);
  let source: string;
  try {
    const size = fs.statSync(abs).size;
    if (size > MAX_FLEET_UPDATE_BYTES) {
      throw new CliError(2, `update file ${abs}: too large for the fleet: ${formatBytes(size)}, over the limit of ${formatBytes(MAX_FLEET_UPDATE_BYTES)} (etcd refuses requests over 1.5 MiB)`);
    }
    // An update travels with the local files it loads, as one unit (protocol/update-unit.ts).
    source = signedText(abs, kind);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(2, `update file ${abs}: ${(err as Error).message}`);
  }
  if (Buffer.byteLength(source) > MAX_FLEET_UPDATE_BYTES) {
    throw new CliError(2, `update file ${abs}: too large for the fleet with the local files it loads: ${formatBytes(Buffer.byteLength(source))}, over the limit of ${formatBytes(MAX_FLEET_UPDATE_BYTES)} (etcd refuses requests over 1.5 MiB)`);
  }
  const signature = sign(source, a.sign);
  const sha256 = crypto.createHash('sha256').update(source).digest('hex');
  return { kind, name: path.basename(abs), sha256, source, ...(signature ? { signature } : {}), ...(a.target ? { target: a.target } : {}) };
}

/**
 * `fleet patch <app> <dir|tarball|git-ref>` / `--package` (SPEC 6.5): the release as the client
 * resolves it locally, packed into one tarball (base64 in the stored update); each host builds its
 * release from it against its own tree, in one transaction per host.
 */
function readRelease(a: SourceArgs): StoredUpdate {
  if (a.package !== undefined && a.given !== undefined) throw new CliError(2, 'fleet patch: give either a release or --package, not both');
  const { req, done } = resolveRelease({ app: '', ...(a.package !== undefined ? { pkg: a.package } : { tree: a.given }), json: false, wait: true, timeoutMs: 0, reloadIfNeeded: false });
  const tgz = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moult-fleet-release-')), 'release.tgz');
  try {
    execFileSync('tar', ['czf', tgz, '-C', req.dir, '.']);
    const source = fs.readFileSync(tgz).toString('base64');
    if (source.length > MAX_FLEET_UPDATE_BYTES) {
      throw new CliError(2, `release ${req.label}: too large for the fleet: ${formatBytes(source.length)} once packed, over the limit of ${formatBytes(MAX_FLEET_UPDATE_BYTES)} (etcd refuses requests over 1.5 MiB)`);
    }
    const signature = sign(source, a.sign);
    const sha256 = crypto.createHash('sha256').update(source).digest('hex');
    // Named as a plain file name on every host (a path is only this machine's): `cookie@0.7.0`,
    // `greeter-1.2.0.tgz`, `@scope+pkg@1.0.0`.
    const label = (fs.existsSync(req.label) ? path.basename(req.label) : req.label.replace(/\//g, '+')).replace(/^\.+/, '') || 'release';
    return { kind: 'patch', name: label, sha256, source, ...(signature ? { signature } : {}), release: { kind: req.kind, label, ...(req.name ? { name: req.name } : {}) } };
  } finally {
    done();
    fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
  }
}
