// The real apps come from the npm registry at run time (nothing of theirs is in the repo): each one is
// installed once into its own folder of the bench's cache (default `.bench/real-apps/`, gitignored;
// `--cache DIR` chooses another), with exact versions, and reused while its package.json is the same.
// The NestJS app's TypeScript sources are ours (bench/real-apps/nest-app/); they are compiled by the
// repo's own typescript devDependency into the cache folder, with decorators and their metadata.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from '../lib/proc.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What to install per app: exact versions only (the table names them). */
export const PACKAGES = {
  'node-red': { 'node-red': '4.1.8' },
  verdaccio: { verdaccio: '6.8.0' },
  nest: {
    '@nestjs/common': '11.2.12',
    '@nestjs/core': '11.2.12',
    '@nestjs/platform-express': '11.2.12',
    'reflect-metadata': '0.2.2',
    rxjs: '7.8.2',
    '@types/node': '20.19.9',
  },
};

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b);
    else fs.copyFileSync(a, b);
  }
}

function digest(...parts) {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}

function nestSources() {
  const dir = path.join(HERE, 'nest-app');
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push([path.relative(dir, p), fs.readFileSync(p, 'utf8')]);
    }
  };
  walk(dir);
  return { dir, files };
}

/**
 * Installs `name` into `<cache>/<name>` unless the same package.json (and, for nest, the same
 * sources) is already installed there. Returns the app's folder.
 */
export async function installApp(name, cache, log) {
  const deps = PACKAGES[name];
  const pkg = JSON.stringify({ name: `moult-bench-${name}`, private: true, version: '0.0.0', dependencies: deps }, null, 2) + '\n';
  const nest = name === 'nest' ? nestSources() : null;
  const stampValue = digest(pkg, ...(nest ? nest.files.flat() : []), fs.readFileSync(path.join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8'));
  const dir = path.join(cache, name);
  const stamp = path.join(dir, '.installed');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === stampValue) return dir;
  log(`installing ${name} (${Object.entries(deps).map(([k, v]) => `${k}@${v}`).join(', ')}) into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), pkg);
  // No install scripts: none of these apps needs one, and nothing is fetched from outside the registry.
  await runOk(NPM, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '--no-package-lock'], { cwd: dir, timeoutMs: 900_000 });
  if (nest) {
    copyDir(nest.dir, dir);
    await runOk(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: dir, timeoutMs: 300_000 });
    if (!fs.existsSync(path.join(dir, 'dist', 'main.js'))) throw new Error(`tsc did not write ${path.join(dir, 'dist', 'main.js')}`);
  }
  fs.writeFileSync(stamp, stampValue);
  return dir;
}

export const DEFAULT_CACHE = path.join(ROOT, '.bench', 'real-apps');
