import { emit } from './events';

/** Pymoult's log(level, msg): a line in the structured log as an `app.log` event. */
export function log(msg: unknown): void {
  emit('app.log', typeof msg === 'string' ? msg : String(msg));
}

/** For `health: {"ready": true}` apps: tells the daemon the app is ready to serve. */
export function ready(): void {
  emit('app.ready', 'the app signalled ready');
}
