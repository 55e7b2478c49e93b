import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
// OWASP's scrypt floor (N=2^15, r=8, p=1) costs ~32 MiB and tens of ms, which is what slows guessing.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Hashes a password as `scrypt$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a password against hashPassword's output in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, SCRYPT);
  return timingSafeEqual(actual, expected);
}

/** SHA-256 of an API key id: what the database stores and looks up. */
export const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The string an API-key client signs: timestamp + METHOD + path (with query) + raw body. */
export const signaturePayload = (timestamp: string, method: string, path: string, body: string): string =>
  `${timestamp}${method.toUpperCase()}${path}${body}`;

/** Hex HMAC-SHA256 of the signature payload with the key's secret. */
export const sign = (secret: string, payload: string): string => createHmac('sha256', secret).update(payload).digest('hex');

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex.toLowerCase(), 'hex'));
}

/** AES-256-GCM sealing of API-key secrets at rest: iv(12) | tag(16) | ciphertext. */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`config: API_KEY_ENCRYPTION_KEY must decode to 32 bytes, got ${key.length}`);
    this.key = key;
  }

  /** Accepts 64 hex characters or base64 of 32 bytes. */
  static fromString(value: string): SecretBox {
    return new SecretBox(/^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64'));
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}
