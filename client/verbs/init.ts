// `moult init` (pm2's `init` / `ecosystem`): writes ./ecosystem.config.js for the app in this
// folder, one that `moult start` (and pm2) starts as it is: the script is the package's `main`, its
// `npm start`, or the first of index.js, app.js, server.js, main.js found here. pm2 writes a fixed
// template (its index.js and ./service-worker/ need not exist) and overwrites an existing file;
// moult refuses to overwrite one without --force.
import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { escapeControl } from '../../protocol/limits';
import { print } from '../cli-support';
import { CliError } from '../errors';

const CANDIDATES = ['index.js', 'app.js', 'server.js', 'main.js', 'index.mjs', 'src/index.js'];

function readPackage(dir: string): { main?: unknown; scripts?: { start?: unknown } } | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main?: unknown; scripts?: { start?: unknown } };
  } catch {
    return null;
  }
}

/** What to run in `dir`, and whether it was found (else a placeholder to edit). */
export function detectScript(dir: string): { script: string; args?: string; found: boolean } {
  const pkg = readPackage(dir);
  const isFile = (f: string): boolean => { try { return fs.statSync(path.join(dir, f)).isFile(); } catch { return false; } };
  if (typeof pkg?.main === 'string' && isFile(pkg.main)) return { script: pkg.main, found: true };
  if (typeof pkg?.scripts?.start === 'string') return { script: 'npm', args: 'start', found: true };
  const hit = CANDIDATES.find(isFile);
  return hit ? { script: hit, found: true } : { script: 'index.js', found: false };
}

export function ecosystemTemplate(dir: string): { text: string; found: boolean } {
  const { script, args, found } = detectScript(dir);
  const name = path.basename(dir).replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'app';
  const text = `// An ecosystem file for moult (pm2 reads it too): \`moult start ecosystem.config.js [--env production]\`.
// Every field is in moult's README, "Ecosystem file"; moult also takes pm2's names for them.
module.exports = {
  apps: [{
    name: ${JSON.stringify(name)},
    script: ${JSON.stringify(script)},${args ? `\n    args: ${JSON.stringify(args)},` : ''}
    // instances: 2,                 // 2 processes; a node app then runs in cluster mode (as pm2)
    // watch: true,                  // restart when a file changes
    // max_memory_restart: '300M',
    env: { NODE_ENV: 'development' },
    env_production: { NODE_ENV: 'production' },
  }],
};
`;
  return { text, found };
}

export const initVerb: CommandModule<{ json: boolean }, { json: boolean; mode?: string; force?: boolean }> = {
  command: 'init [mode]',
  aliases: ['ecosystem'],
  describe: 'write ./ecosystem.config.js for the app in this folder (pm2\'s init; `simple` is the same here)',
  builder: (y) => y.positional('mode', { type: 'string', describe: '(pm2) simple or nothing: moult has one template' })
    .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite an existing ecosystem.config.js' }),
  handler: (a) => {
    const dir = process.env.PWD && path.resolve(process.env.PWD) === process.cwd() ? process.env.PWD : process.cwd();
    const file = path.join(dir, 'ecosystem.config.js');
    if (fs.existsSync(file) && !a.force) throw new CliError(1, `${file} exists: not overwritten (--force to replace it; pm2 would overwrite it)`);
    const { text, found } = ecosystemTemplate(dir);
    fs.writeFileSync(file, text);
    print(a.json ? JSON.stringify({ file, found }) : `wrote ${escapeControl(file)}${found ? '' : ' (no script found here: edit its "script")'}`);
  },
};
