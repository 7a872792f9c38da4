// Registry access for the releases bench: installs and packs at run time, cached in one folder.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

/** A published package version, unpacked once: `<cache>/pkgs/<name>-<version>/` (scoped names flattened). */
export function unpacked(cache, name, version) {
  const dir = path.join(cache, 'pkgs', `${name.replace('/', '_')}-${version}`);
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    fs.mkdirSync(path.join(cache, 'pkgs'), { recursive: true });
    const tgz = execFileSync('npm', ['pack', `${name}@${version}`, '--silent'], { cwd: path.join(cache, 'pkgs'), encoding: 'utf8' }).trim().split('\n').pop();
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['xzf', path.join(cache, 'pkgs', tgz), '-C', dir, '--strip-components=1']);
    fs.rmSync(path.join(cache, 'pkgs', tgz));
  }
  return dir;
}

/** `npm install` of a folder's package.json into it, once (the folder is kept as the cache). */
export function installed(dir, template, log) {
  if (!fs.existsSync(path.join(dir, 'node_modules'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(template, dir, { recursive: true });
    log(`npm install into ${dir}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' });
  }
  return dir;
}

export function jsFiles(dir, base = dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') out.push(...jsFiles(p, base)); }
    else if (/\.[cm]?js$/.test(e.name)) out.push(path.relative(base, p));
  }
  return out;
}
