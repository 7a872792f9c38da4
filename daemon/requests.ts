// Validation of what arrives on the control socket: anything that is not a well-formed Request
// is answered with an error naming what is wrong, and never reaches the supervisor.
import { VERBS, type Request } from '../protocol/control';
import { validateEcosystem } from '../config/ecosystem';
import { DaemonError } from './errors';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function str(m: Record<string, unknown>, key: string): string {
  const v = m[key];
  if (typeof v !== 'string' || !v) throw new DaemonError('EBADFRAME', `request.${key}: expected a non-empty string`);
  return v;
}

function positive(m: Record<string, unknown>, key: string): number {
  const v = m[key];
  if (typeof v !== 'number' || !(v > 0)) throw new DaemonError('EBADFRAME', `request.${key}: expected a positive number`);
  return v;
}

export function parseRequest(raw: unknown): Request {
  if (!isObj(raw)) throw new DaemonError('EBADFRAME', 'a request is a JSON object');
  const { id, verb } = raw;
  if (typeof id !== 'number' || !Number.isInteger(id)) throw new DaemonError('EBADFRAME', 'request.id: expected an integer');
  if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) {
    throw new DaemonError('EUSAGE', `request.verb: unknown verb ${JSON.stringify(verb)} (expected one of ${VERBS.join(', ')})`);
  }
  switch (verb) {
    case 'ping':
    case 'ls':
    case 'kill':
      return { id, verb };
    case 'stop':
    case 'restart':
    case 'delete':
      return { id, verb, target: str(raw, 'target') };
    case 'start': {
      // The CLI validated the ecosystem already; the daemon checks again since anyone owning the
      // socket can send a frame.
      const problems = validateEcosystem({ apps: raw.apps });
      if (!Array.isArray(raw.apps) || problems.length) {
        throw new DaemonError('ECONFIG', `request.apps: ${problems[0] ? `${problems[0].path}: ${problems[0].message}` : 'expected an array of apps'}`);
      }
      return { id, verb, apps: raw.apps as Request & { verb: 'start' } extends { apps: infer A } ? A : never };
    }
    case 'patch': {
      const timeoutMs = positive(raw, 'timeoutMs');
      const target = raw.target;
      if (target !== undefined && (typeof target !== 'string' || !target)) throw new DaemonError('EBADFRAME', 'request.target: expected a non-empty string');
      return { id, verb, app: str(raw, 'app'), file: str(raw, 'file'), wait: raw.wait !== false, timeoutMs, ...(target ? { target } : {}) };
    }
    case 'rollback': {
      const update = raw.update;
      if (update !== undefined && (typeof update !== 'string' || !update)) throw new DaemonError('EBADFRAME', 'request.update: expected a non-empty string');
      return { id, verb, app: str(raw, 'app'), ...(update ? { update } : {}) };
    }
    case 'update': {
      const timeoutMs = positive(raw, 'timeoutMs');
      const manager = raw.manager;
      if (manager !== undefined && typeof manager !== 'string') throw new DaemonError('EBADFRAME', 'request.manager: expected a string');
      return { id, verb, app: str(raw, 'app'), file: str(raw, 'file'), wait: raw.wait !== false, timeoutMs, ...(manager ? { manager } : {}) };
    }
  }
  throw new DaemonError('EUSAGE', `request.verb: unknown verb ${verb}`);
}
