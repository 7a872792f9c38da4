// What a verb's target names, by pm2's rules (API._operate, Client.getProcessIdByName): `all`;
// `/regex/` (the apps whose name matches); an app's name; a script file (the apps that run it,
// `moult restart app.js`); a process id (that one instance). A name wins over an id, as in pm2 (an
// app may be called "455").
import type { AppConfig } from '../../config/ecosystem';
import { DaemonError } from './errors';
import type { Instance } from '../instances/instance';
import type { ProcessIds } from '../state/process-ids';

export interface TargetRecord {
  config: AppConfig;
  instances: Instance[];
}

/** Some instances of one app; `whole`: all of them (the app itself is named). */
export interface Selected<R extends TargetRecord> {
  rec: R;
  instances: Instance[];
  whole: boolean;
}

/** `/echo-[12]/`: a regular expression between slashes, as pm2 takes it. */
export function targetRegex(target: string): RegExp | null {
  if (target.length < 3 || !target.startsWith('/') || !target.endsWith('/')) return null;
  try {
    // pm2 drops every slash (`new RegExp(name.replace(/\//g, ''))`): so do we, for the same matches.
    return new RegExp(target.replace(/\//g, ''));
  } catch (e) {
    throw new DaemonError('EUSAGE', `${target}: not a valid regular expression (${(e as Error).message})`);
  }
}

export function selectTarget<R extends TargetRecord>(
  records: ReadonlyMap<string, R>, ids: ProcessIds, target: string, o: { scriptPath?: string; noneIsError?: boolean } = {},
): Selected<R>[] {
  const whole = (rec: R): Selected<R> => ({ rec, instances: [...rec.instances], whole: true });
  let found: Selected<R>[];
  const regex = targetRegex(target);
  if (target === 'all') found = [...records.values()].map(whole);
  else if (regex) found = [...records.values()].filter((r) => regex.test(r.config.name)).map(whole);
  else if (records.has(target)) found = [whole(records.get(target)!)];
  else {
    const byScript = o.scriptPath !== undefined ? [...records.values()].filter((r) => r.config.script === o.scriptPath) : [];
    const proc = ids.find(target);
    const rec = proc && records.get(proc.app);
    const inst = rec?.instances.find((i) => i.index === proc!.index);
    found = byScript.length ? byScript.map(whole) : rec && inst ? [{ rec, instances: [inst], whole: rec.instances.length === 1 }] : [];
  }
  if (found.length || (target === 'all' && !o.noneIsError)) return found;
  const known = [...records.keys()];
  if (target === 'all') throw new DaemonError('ENOPROCESS', 'no app is running (moult ls is empty)');
  if (regex) throw new DaemonError('ENOAPP', `no app name matches ${target} (known: ${known.join(', ') || 'none'})`);
  throw new DaemonError('ENOAPP', `unknown app or process id "${target}" (known: ${known.join(', ') || 'none'})`);
}
