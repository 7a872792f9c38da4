// Where moult's own files are once built (`dist/<part>/…`): the one place where a part names
// another part's file by path (a process to spawn, a preload to pass, a module to hand to apps),
// which no import would show. Every path is derived from this file's own place in dist/.
import path from 'node:path';

const DIST = path.join(__dirname, '..');

/** The package's root folder (the one holding package.json and bin/). */
export const PACKAGE_ROOT = path.join(DIST, '..');
/** Compiled code of every part: nothing under it is an app's code, so it is never instrumented. */
export const DIST_ROOT = DIST;
/** `node --require <this> app.js`: the runtime preloaded into every managed app. */
export const RUNTIME_PRELOAD = path.join(DIST, 'runtime', 'preload.js');
/** `moult/runtime`, as apps and update modules see it. */
export const RUNTIME_INDEX = path.join(DIST, 'runtime', 'index.js');
/** Bare `moult`: the programmatic client. */
export const CLIENT_API = path.join(DIST, 'client', 'api.js');
/** The daemon, started in the background by the CLI. */
export const DAEMON_MAIN = path.join(DIST, 'daemon', 'main.js');
/** A cluster-mode app's primary, started detached by the daemon. */
export const CLUSTER_PRIMARY = path.join(DIST, 'daemon', 'cluster', 'primary.js');
/**
 * `moult check`'s worker: the load hooks' question asked of files on disk, run as
 * `node --experimental-vm-modules <this>` (JSON request on stdin, verdicts on stdout).
 */
export const RUNTIME_CHECK_FILES = path.join(DIST, 'runtime', 'instrument', 'check-files.js');
/** The ecosystem file's JSON Schema, shipped with the package. */
export const ECOSYSTEM_SCHEMA = path.join(PACKAGE_ROOT, 'config', 'ecosystem.schema.json');
/** What `moult startup` puts in a systemd unit. */
export const MOULTD_BIN = path.join(PACKAGE_ROOT, 'bin', 'moultd.js');

/**
 * How a running process is recognised from its command line: by the tail of the file it runs.
 * A daemon upgraded across the move of files into concept folders must still adopt what the
 * previous release started, so the previous places are accepted too (drop them a release later).
 */
export const PRELOAD_MARKS: readonly string[] = [path.join('runtime', 'preload.js')];
export const CLUSTER_PRIMARY_MARKS: readonly string[] = [path.join('daemon', 'cluster', 'primary.js'), path.join('daemon', 'cluster-primary.js')];
