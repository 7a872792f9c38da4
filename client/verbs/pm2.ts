// The verbs pm2 users reach for that only read or remember apps: `describe`, `flush`, `save`,
// `resurrect` (SPEC 2). Each is a yargs command, registered by cli.ts.
import type { CommandModule } from 'yargs';
import type { AppDetails, ResurrectResult, SaveResult } from '../../protocol/control';
import { escapeControl } from '../../protocol/limits';
import { appArg, listAfterStart, print, withDaemon } from '../cli-support';
import { formatDetails } from './describe';
import { lsTable } from '../format';

type Global = { json: boolean };
const names = (list: string[]): string => list.map((n) => escapeControl(n)).join(', ');

export const describeVerb: CommandModule<Global, Global & { app: string }> = {
  command: 'describe <app>',
  aliases: ['desc', 'info', 'show'],
  describe: 'one app\'s details: config, instances, log files, updates in force',
  builder: (y) => y.positional('app', { type: 'string', demandOption: true, describe: 'app name or id' }),
  handler: async (a) => {
    const d = await withDaemon((c) => c.request<AppDetails[]>({ verb: 'describe', target: appArg(a.app) }));
    if (a.json) return print(JSON.stringify(a.app === 'all' ? d : d[0]));
    print(d.map(formatDetails).join('\n\n'));
  },
};

export const flushVerb: CommandModule<Global, Global & { app?: string }> = {
  command: 'flush [app]',
  describe: 'empty the log files of an app, or of all',
  builder: (y) => y.positional('app', { type: 'string', describe: 'app name or id (default: all)' }),
  handler: async (a) => {
    const r = await withDaemon((c) => c.request<{ flushed: string[] }>({ verb: 'flush', target: appArg(a.app ?? 'all', '[app]') }));
    print(a.json ? JSON.stringify(r) : r.flushed.length ? r.flushed.map((f) => `flushed ${escapeControl(f)}`).join('\n') : 'no log file to flush');
  },
};

export const saveVerb: CommandModule<Global, Global> = {
  command: 'save',
  aliases: ['dump'],
  describe: 'remember the running apps (config and updates) in $MOULT_HOME/dump.json',
  handler: async (a) => {
    const r = await withDaemon((c) => c.request<SaveResult>({ verb: 'save' }));
    print(a.json ? JSON.stringify(r) : `saved ${names(r.apps)} to ${escapeControl(r.file)}`);
  },
};

export const resurrectVerb: CommandModule<Global, Global> = {
  command: 'resurrect',
  describe: 'start the apps of $MOULT_HOME/dump.json again, their updates replayed',
  handler: async (a) => {
    const { r, list } = await withDaemon(async (c) => {
      const res = await c.request<ResurrectResult>({ verb: 'resurrect' });
      return { r: res, list: await listAfterStart(c, new Set(res.started)) };
    });
    if (a.json) return print(JSON.stringify(r));
    print(`resurrected ${names(r.started) || 'nothing'} from ${escapeControl(r.file)}${r.skipped.length ? ` (already there: ${names(r.skipped)})` : ''}`);
    print(lsTable(list));
  },
};
