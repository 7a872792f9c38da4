import { emit } from './events';

/**
 * A line in the structured log as an `app.log` event. Pymoult's log(level, msg) form is taken
 * too: `log(0, 'v1')` logs 'v1' (the level is Pymoult's verbosity, 0-2; moult filters events with
 * the listener's `set loglevel`).
 */
export function log(msg: unknown, ...rest: unknown[]): void {
  if (typeof msg === 'number' && rest.length === 1 && Number.isInteger(msg) && msg >= 0 && msg <= 2) msg = rest[0];
  emit('app.log', typeof msg === 'string' ? msg : String(msg));
}

/** For `health: {"ready": true}` apps: tells the daemon the app is ready to serve. */
export function ready(): void {
  emit('app.ready', 'the app signalled ready');
}
