// One error base for every part (issue 20, as undici's one registry): the daemon's refusals, the
// CLI's and the API's failures and the runtime's errors are all a `MoultError` with a `code` from
// this table. A code says what kind of thing went wrong and how the CLI exits for it (SPEC 2:
// 2 = bad input, 1 = the operation failed), so that a code means the same wherever it surfaces: in
// a refusal over the control socket, in an `update.failed` event, in an API caller's `catch`.
// Adding a code is adding a row here; an unregistered code does not compile.

/** Every code, what it means, and whether it is the caller's input (exit 2) or a failure (exit 1). */
export const ERROR_CODES = {
  // Bad input: the request itself is wrong; nothing was changed.
  EUSAGE: { usage: true, meaning: 'a bad argument or option' },
  ENOAPP: { usage: true, meaning: 'no app (or instance) of that name or id' },
  EBADFILE: { usage: true, meaning: 'a file that cannot be read or is not what it must be' },
  EBADFRAME: { usage: true, meaning: 'a control-socket message that is not a valid request' },
  ECONFIG: { usage: true, meaning: 'an ecosystem file or daemon setting that does not validate' },
  // Failures of the daemon's operations.
  EFAILED: { usage: false, meaning: 'the operation failed (the message says why)' },
  ENOTRUNNING: { usage: false, meaning: 'the app or instance is not running' },
  ENODUMP: { usage: false, meaning: 'no saved process list to resurrect' },
  ERELOAD: { usage: false, meaning: 'a reload could not replace every instance' },
  ENOCHANGE: { usage: false, meaning: 'a release that changes nothing in the app' },
  EFLEETDEPS: { usage: false, meaning: 'the fleet needs its optional dependencies (etcd3, cockatiel)' },
  // pm2's verbs (issue 21): exit 1 as pm2 exits for them.
  ENOPROCESS: { usage: false, meaning: '`all` named no process: the daemon runs no app (pm2: "process or namespace not found")' },
  EALREADY: { usage: false, meaning: 'a script started again while it runs (pm2: "already launched"; -f adds processes)' },
  // The client's own.
  ENODAEMON: { usage: false, meaning: 'no daemon answers and none may be started' },
  EDAEMONSTART: { usage: false, meaning: 'the daemon did not start' },
  ECLOSED: { usage: false, meaning: 'the daemon closed the connection' },
  // The runtime's, inside the app (they reach the daemon in update.failed / patch answers).
  EBADARG: { usage: false, meaning: 'an update called the runtime API with a wrong argument' },
  EBADUPDATE: { usage: false, meaning: 'an update module that does not export an update' },
  ENOALTERABILITY: { usage: false, meaning: 'an update with neither waitAlterability nor checkAlterability' },
  EPATCH: { usage: false, meaning: 'a patch that cannot be applied (the message names the place)' },
  ENOSOURCE: { usage: false, meaning: 'the source of a function or module cannot be found' },
  ENOFUNCTION: { usage: false, meaning: 'no function of that name in the module' },
  ENOMODULE: { usage: false, meaning: 'no module at that path in the app' },
  ENOTLOADED: { usage: false, meaning: 'the module is not loaded in the app' },
  ENOTARGET: { usage: false, meaning: 'an update has no object or function to act on' },
  EUNSUPPORTED: { usage: false, meaning: 'a change the runtime cannot make on this code or Node line' },
  ELIVEEDIT: { usage: false, meaning: "V8's LiveEdit refused the new source" },
  EACTIVE: { usage: false, meaning: 'the function to replace is running (on the stack) and cannot be swapped' },
  EINSPECTOR: { usage: false, meaning: 'the inspector session failed' },
  EHOOKTIMEOUT: { usage: false, meaning: "an update's hook did not finish within updates.hook_timeout" },
} as const satisfies Record<string, { usage: boolean; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Whether a string (from the wire, from an older daemon) is a registered code. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The CLI's exit status for a code (SPEC 2): 2 for the caller's input, 1 for a failure. */
export function exitCodeOf(code: string): 1 | 2 {
  return isErrorCode(code) && ERROR_CODES[code].usage ? 2 : 1;
}

/** The one error base: a stable `code`, a message that names the culprit. */
export class MoultError extends Error {
  override name = 'MoultError';
  constructor(readonly code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
