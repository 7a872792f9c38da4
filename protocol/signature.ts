// ed25519 signatures of update sources (SPEC 8, Trust), with node:crypto only. A trusted key is
// given as PEM or as the base64 of its raw 32 bytes (what `moult keygen` prints).
import crypto from 'node:crypto';

// DER prefix of an ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyOf(text: string): crypto.KeyObject {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) return crypto.createPublicKey(t);
  const raw = Buffer.from(t, 'base64');
  if (raw.length !== 32) throw new Error('expected a PEM public key or the base64 of 32 raw bytes');
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The base64 of the raw 32 bytes of an ed25519 public key. */
export function rawPublicKey(key: crypto.KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length).toString('base64');
}

export function generateKeyPair(): { privatePem: string; publicRaw: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicRaw: rawPublicKey(publicKey) };
}

/** base64 signature of the source's UTF-8 bytes. */
export function signSource(source: string, privatePem: string): string {
  return crypto.sign(null, Buffer.from(source, 'utf8'), crypto.createPrivateKey(privatePem)).toString('base64');
}

/** True if `signature` (base64) is a valid signature of `source` by one of `trusted`. */
export function verifySource(source: string, signature: string | undefined, trusted: readonly string[]): boolean {
  if (!signature) return false;
  const sig = Buffer.from(signature.trim(), 'base64');
  const data = Buffer.from(source, 'utf8');
  return trusted.some((k) => {
    try {
      return crypto.verify(null, data, publicKeyOf(k), sig);
    } catch {
      return false;
    }
  });
}
