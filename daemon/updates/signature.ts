// SPEC 8, Trust: with daemon.trusted_keys set, an update or patch is applied only with a valid
// ed25519 signature by one of them, kept next to the file as `<file>.sig` (base64), whether it
// came from the local CLI (`moult update --sign`) or from the fleet (the agent writes both files).
import fs from 'node:fs';
import { verifySource } from '../../protocol/signature';

export function signatureFile(file: string): string {
  return `${file}.sig`;
}

/** null if the source may be applied; else the reason to reject it (`bad signature`). */
export function signatureProblem(source: string, file: string, trusted: readonly string[]): string | null {
  if (!trusted.length) return null;
  let signature: string | undefined;
  try {
    signature = fs.readFileSync(signatureFile(file), 'utf8');
  } catch {
    signature = undefined;
  }
  return verifySource(source, signature, trusted) ? null : 'bad signature';
}
