// `moult keygen [--out DIR]`: an ed25519 key pair for signed updates (SPEC 8, Trust); and the
// local `moult update|patch --sign KEY`, which writes the signature next to the file (`<file>.sig`),
// where the daemon looks for it when daemon.trusted_keys is set.
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPair, signSource } from '../../protocol/signature';
import { CliError } from '../errors';
import { collectUnit, unitText } from '../../protocol/update-unit';

export function keygen(outDir: string, name: string): { privateFile: string; publicFile: string; publicRaw: string } {
  const dir = path.resolve(outDir);
  const privateFile = path.join(dir, `${name}.key`);
  const publicFile = path.join(dir, `${name}.pub`);
  for (const f of [privateFile, publicFile]) if (fs.existsSync(f)) throw new CliError(2, `${f} exists: not overwritten (choose --out or --name)`);
  const { privatePem, publicRaw } = generateKeyPair();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(privateFile, privatePem, { mode: 0o600, flag: 'wx' });
  fs.writeFileSync(publicFile, `${publicRaw}\n`, { mode: 0o644, flag: 'wx' });
  return { privateFile, publicFile, publicRaw };
}

/**
 * What a signature of this update file covers: an update with the local files it loads (one unit,
 * protocol/update-unit.ts), a patch's source alone (its module's own files are the app's).
 */
export function signedText(file: string, kind: 'update' | 'patch'): string {
  const source = fs.readFileSync(file, 'utf8');
  if (kind === 'patch') return source;
  try {
    return unitText(collectUnit(file, source));
  } catch (err) {
    throw new CliError(2, `update file ${file}: ${(err as Error).message}`);
  }
}

export function signFile(file: string, keyFile: string, kind: 'update' | 'patch'): string {
  let key: string;
  try {
    key = fs.readFileSync(path.resolve(keyFile), 'utf8');
  } catch (err) {
    throw new CliError(2, `--sign ${keyFile}: ${(err as Error).message}`);
  }
  let signature: string;
  try {
    signature = signSource(signedText(file, kind), key);
  } catch (err) {
    throw new CliError(2, `--sign ${keyFile}: not an ed25519 private key (${(err as Error).message})`);
  }
  fs.writeFileSync(`${file}.sig`, signature, { mode: 0o644 });
  return `${file}.sig`;
}
