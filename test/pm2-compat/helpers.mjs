// Shared by the pm2 compatibility tests (issue 21): one real daemon per test file (a sandbox made
// in test.before), pm2's command lines typed as a pm2 user types them, and pm2's own listing
// (`moult jlist`) read back, so that each test states a behaviour in pm2's terms.
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, show, waitFor } from '../helpers/moult.mjs';

export { show, waitFor };

/** An app that prints its argv, some env and its instance variables, then idles (never listens). */
export const SAYS = `const pick = (k) => k + '=' + process.env[k];
console.log('argv=' + JSON.stringify(process.argv.slice(2)), ['NODE_ENV', 'FOO', 'JSONY', 'NODE_APP_INSTANCE', 'INSTANCE-ID', 'PORT'].map(pick).join(' '));
console.error('stderr of ' + process.pid);
setInterval(() => console.log('tick ' + process.pid), 300);
`;

/** A shared sandbox for a test file: `sb`, and pm2-flavoured helpers around it. */
export function pm2Sandbox(prefix) {
  const sb = sandbox(null, prefix);
  const kit = {
    sb,
    /** `moult …args` that must exit 0. */
    async ok(t, args, opts) {
      const r = await sb.cli(args, opts);
      t.is(r.code, 0, `moult ${args.join(' ')}: ${show(r)}`);
      return r;
    },
    /** `moult jlist`, parsed (pm2's shape), with every pid remembered for the teardown. */
    async jlist() {
      const r = await sb.cli(['jlist']);
      if (r.code !== 0) throw new Error(`moult jlist: ${show(r)}`);
      const list = JSON.parse(r.stdout);
      for (const p of list) sb.remember(p.pid);
      return list;
    },
    /** The processes of an app once `n` of them are online (pm2_env.status). */
    online(name, n = 1) {
      return waitFor(async () => {
        const list = (await kit.jlist()).filter((p) => p.name === name);
        return list.length === n && list.every((p) => p.pm2_env.status === 'online') && list;
      }, `${n} process(es) of ${name} online`);
    },
    /** Waits until the file exists and holds `text` (a string or RegExp); returns its content. */
    fileHas(file, text) {
      const f = path.isAbsolute(file) ? file : path.join(sb.appDir, file);
      return waitFor(() => {
        const s = fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
        return (typeof text === 'string' ? s.includes(text) : text.test(s)) && s;
      }, `${f} to hold ${text}`);
    },
    /** `moult delete all`, whatever is there (nothing is fine). */
    async clear() {
      await sb.cli(['delete', 'all']);
    },
  };
  return kit;
}
