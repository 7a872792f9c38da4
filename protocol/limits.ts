// Every limit on what crosses a moult socket, in one place: the CLI checks against them before
// sending (exit 2 naming the limit), the daemon checks again at its edge (daemon/requests.ts),
// and the frame codec enforces the frame size. Also how refused values and untrusted text are
// shown: echoed short (preview), control characters escaped, parser messages without content.

/** One newline-delimited JSON frame, on every socket (control and runtime). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Room left in an update frame for everything but the source (ids, file path, name, manager,
 * patch spec): each of those is bounded below, so this is more than they can take.
 */
export const UPDATE_FRAME_OVERHEAD_BYTES = 64 * 1024;

/** An update or patch source, JSON-encoded as it travels in the frame to the app. */
export const MAX_UPDATE_SOURCE_BYTES = MAX_FRAME_BYTES - UPDATE_FRAME_OVERHEAD_BYTES;

/** App names (the ecosystem's `name`, `--name`, and every request naming an app). */
export const MAX_APP_NAME_LENGTH = 128;

/** Other names: managers, updates (`rollback <app> [update]`). */
export const MAX_NAME_LENGTH = 128;

/** File paths: update files, patch targets (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

/** `--timeout` of update / patch: 1 ms to 24 h (well under the 32-bit timer limit of 24.8 days). */
export const MIN_TIMEOUT_MS = 1;
export const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** Open connections to the control socket; past it the oldest idle one is closed. */
export const MAX_CONTROL_CONNECTIONS = 256;

/** A control connection with no request under way is closed after this long (MOULT_CONTROL_IDLE_MS). */
export const CONTROL_IDLE_MS = 60_000;

/** Connections to an app's runtime socket; one that has not attached within RUNTIME_ATTACH_MS is closed. */
export const MAX_RUNTIME_CONNECTIONS = 16;
export const RUNTIME_ATTACH_MS = 10_000;

/**
 * Bytes of unfinished frames a control connection may hold, all connections together: 256
 * connections each holding a 16 MiB frame would be 4 GiB (audit row 3.6: 40 of them ran the daemon
 * out of memory). A chunk that would pass this is refused and its connection closed; a single
 * frame up to MAX_FRAME_BYTES still fits whenever nothing else is pending.
 */
export const MAX_PENDING_CONTROL_BYTES = 64 * 1024 * 1024;

/** Before it attaches with the app's secret, a runtime-socket peer may send frames of at most this. */
export const MAX_UNATTACHED_FRAME_BYTES = 4 * 1024;

/**
 * Instances of one app (ecosystem `instances`, `-i`, `moult scale`). pm2 has no cap; 100 000 began
 * a fork bomb and 1e300 ran the daemon out of memory (audit rows 5.3, 5.4). One per CPU of a big
 * machine fits many times over.
 */
export const MAX_INSTANCES = 1024;

/** Instances of all apps of one daemon (and of one ecosystem file): 4 apps at MAX_INSTANCES. */
export const MAX_TOTAL_INSTANCES = 4096;

/**
 * Every duration of the ecosystem (kill_timeout, restart_delay, listen_timeout, hook_timeout…):
 * the longest a Node timer can wait (2^31 - 1 ms, about 24.8 days or 596 h). Longer ones fired
 * after 1 ms with a TimeoutOverflowWarning (audit row 5.7).
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Every size of the ecosystem (max_memory_restart, daemon.logs.max_size): 1 TiB. */
export const MAX_SIZE_BYTES = 1024 ** 4;

/** daemon.logs.retain: each rotation renames that many files. */
export const MAX_LOG_RETAIN = 1000;

/** An ecosystem.config.js must have exported its object within this (config/js-config.ts). */
export const CONFIG_LOAD_TIMEOUT_MS = 10_000;

/** How much of a refused value an error message echoes back. */
export const ECHO_CHARS = 40;

/** Bytes of a source once JSON-encoded, as it is sent in a frame. */
export function encodedSourceBytes(source: string): number {
  return Buffer.byteLength(JSON.stringify(source));
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(2).replace(/\.?0+$/, '')} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${n} bytes`;
}

/** Why this source cannot be sent as an update, or null if it fits in a frame. */
export function updateSourceProblem(source: string): string | null {
  const bytes = encodedSourceBytes(source);
  if (bytes <= MAX_UPDATE_SOURCE_BYTES) return null;
  return `too large: its source is ${formatBytes(bytes)} once encoded, over the limit of ${formatBytes(MAX_UPDATE_SOURCE_BYTES)} (a ${formatBytes(MAX_FRAME_BYTES)} frame)`;
}

/** Why this timeout (ms) is refused, or null. */
export function timeoutProblem(ms: number): string | null {
  if (typeof ms === 'number' && ms >= MIN_TIMEOUT_MS && ms <= MAX_TIMEOUT_MS) return null;
  return `expected between ${MIN_TIMEOUT_MS} ms and ${MAX_TIMEOUT_MS} ms (24 h)`;
}

// C0 controls (tab too: it breaks columns), DEL, C1 controls, the Unicode line and paragraph
// separators, and the bidirectional overrides that reorder what a terminal shows.
 
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
 
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  if (NAMED[c]) return NAMED[c];
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text on one line with every control character visible as an escape (`\n`, `\x1b`…). */
export function escapeControl(text: string, opts: { keepTabs?: boolean } = {}): string {
  return text.replace(opts.keepTabs ? CONTROL_BUT_TAB : CONTROL, escapeChar);
}

export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}

/** Why a name or path is refused (over `max` characters, control characters), or null. */
export function boundedTextProblem(value: string, max: number): string | null {
  if (value.length > max) return `too long (${value.length} characters, limit ${max}): ${preview(value)}`;
  if (hasControl(value)) return `control characters are not allowed: ${preview(value)}`;
  return null;
}

/** A refused value as an error message shows it: escaped, quoted, at most ECHO_CHARS long. */
export function preview(value: unknown, max = ECHO_CHARS): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return `"${escapeControl(cut)}"`;
}

// Words of the language that parsers (acorn, V8, TypeScript) quote in their messages ('import'
// and 'export' may appear only with 'sourceType: module'); any other quoted fragment may be the
// file's content (a secret in a file given by mistake) and is hidden.
const KEYWORDS = new Set(['import', 'export', 'return', 'await', 'yield', 'super', 'new.target', 'import.meta', 'sourceType: module',
  'let', 'const', 'var', 'use strict', 'arguments', 'eval', 'async', 'static', 'this', 'break', 'continue', 'delete', 'with',
  'in', 'of', 'for', 'default', 'class', 'function', 'constructor', 'get', 'set', 'enum', 'catch', 'case', 'else', 'extends']);

/** A parser or compiler message with every quoted fragment that is not a keyword replaced by "…". */
export function withoutContent(message: string): string {
  return message.replace(/'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`/g, (all, a, b, c) => (KEYWORDS.has(a ?? b ?? c) ? all : '…'));
}
