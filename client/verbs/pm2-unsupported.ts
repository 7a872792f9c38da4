// pm2's verbs that moult does not have (pm2 6, lib/binaries/CLI.js), each with the sentence a pm2
// user gets instead of "Unknown argument": why, and what to use. README "Coming from pm2" lists
// the same table.

export const UNSUPPORTED_VERBS: Readonly<Record<string, string>> = {
  trigger: 'pm2.io custom actions are not part of moult; an update module (`moult update <app> <file>`) runs code inside the app',
  send: 'moult apps have no stdin (they run detached, stdin is /dev/null)',
  attach: 'moult apps have no stdin; `moult logs <app>` follows their output',
  inspect: 'start the app with --node-args="--inspect" instead',
  'profile:mem': 'profiling is not part of moult; --node-args="--inspect" and Chrome DevTools',
  'profile:cpu': 'profiling is not part of moult; --node-args="--cpu-prof"',
  deploy: 'moult does not deploy code (git pull, post-deploy hooks); `moult update` / `moult fleet` roll out changes to running apps',
  create: 'moult has no sample app; `moult init` writes an ecosystem file for the app in this folder',
  env: '`moult describe <app> --json` shows the app\'s env; `moult jlist` every process\'s',
  install: 'moult has no module system', 'module:install': 'moult has no module system', 'module:update': 'moult has no module system',
  'module:generate': 'moult has no module system', uninstall: 'moult has no module system', 'module:uninstall': 'moult has no module system',
  package: 'moult has no module system', publish: 'moult has no module system', 'module:publish': 'moult has no module system',
  set: 'moult has no module configuration store: put settings in the app\'s env (ecosystem file)',
  multiset: 'moult has no module configuration store: put settings in the app\'s env (ecosystem file)',
  get: 'moult has no module configuration store', conf: 'moult has no module configuration store',
  config: 'moult has no module configuration store', unset: 'moult has no module configuration store',
  report: 'moult has no report command: `moult ls`, `moult describe <app>` and $MOULT_HOME/logs/moultd.log say what happened',
  link: 'pm2.io is not part of moult', unlink: 'pm2.io is not part of moult', monitor: 'pm2.io is not part of moult',
  unmonitor: 'pm2.io is not part of moult', open: 'pm2.io is not part of moult', plus: 'pm2.io is not part of moult',
  register: 'pm2.io is not part of moult', login: 'pm2.io is not part of moult', logout: 'pm2.io is not part of moult',
  sysmonit: 'system monitoring is not part of moult', slist: 'system monitoring is not part of moult', sysinfos: 'system monitoring is not part of moult',
  imonit: '`moult monit` is the live view', dashboard: '`moult monit` is the live view', dash: '`moult monit` is the live view',
  cleardump: 'delete $MOULT_HOME/dump.json (written by `moult save`)',
  unstartup: '`sudo systemctl disable --now moult` and remove the unit `moult startup systemd --write` wrote',
  logrotate: 'moult rotates logs itself: "daemon": {"logs": {"max_size": "10M", "retain": 5}} in the ecosystem file',
  pull: 'moult does not pull code from git; pull it yourself, then `moult reload <app>` (or `moult update` to apply a change without a restart)',
  forward: 'moult does not move apps along git history; check out the commit, then `moult reload <app>`',
  backward: 'moult does not move apps along git history; check out the commit, then `moult reload <app>`',
  deepUpdate: '`moult update` (with no app) replaces the daemon; update moult itself with npm',
  autoinstall: 'moult has no module system',
  serve: 'moult has no static file server; start one as an app (`moult start "npx serve dist"`)',
  expose: 'moult has no static file server; start one as an app (`moult start "npx serve dist"`)',
  completion: 'moult has no shell completion yet',
  examples: '`moult --help` and `moult <verb> --help`; README "Quick tour"',
};

/** The sentence for a pm2 verb moult lacks, or null. */
export function unsupportedVerb(verb: string | undefined): string | null {
  if (verb === undefined || !Object.prototype.hasOwnProperty.call(UNSUPPORTED_VERBS, verb)) return null;
  return `${verb}: a pm2 command that moult does not have: ${UNSUPPORTED_VERBS[verb]}`;
}
