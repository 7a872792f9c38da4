// Shared by the config tests: the compiled module and a scratch folder per test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const config = require('../../dist/config/ecosystem.js');
export const durationModule = require('../../dist/config/duration.js');

export function scratch(prefix = 'moult-config-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, 'app.js'), 'setInterval(() => {}, 1000);\n');
  return dir;
}

let n = 0;
/** Writes `content` (an object is JSON-encoded) as a fresh ecosystem file in `dir`. */
export function writeEco(dir, content, name = `eco-${++n}.json`) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}
