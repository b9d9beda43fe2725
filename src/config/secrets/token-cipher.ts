import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const algorithm = 'aes-256-gcm';
const formatVersion = 'v1';
const ivBytes = 12;
const tagBytes = 16;
export const encryptionKeyBytes = 32;

export interface EncryptionKey {
  /** Derived from the key itself, so a stored value names the key that sealed it without revealing it. */
  readonly id: string;
  readonly secret: Buffer;
}

export class TokenDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenDecryptionError';
  }
}

export function encryptionKey(secret: Buffer): EncryptionKey {
  if (secret.length !== encryptionKeyBytes)
    throw new Error(`an encryption key must be ${encryptionKeyBytes} bytes, got ${secret.length}`);
  return { id: createHash('sha256').update(secret).digest('hex').slice(0, 8), secret };
}

/**
 * AES-256-GCM for secrets at rest. A sealed value is `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts): any known
 * key opens it, the current key seals. `context` (for example the portal and column) is authenticated but not
 * stored, so a value copied to another row does not open there.
 */
export class TokenCipher {
  readonly current: EncryptionKey;
  private readonly keys: ReadonlyMap<string, EncryptionKey>;

  constructor(current: EncryptionKey, previous: readonly EncryptionKey[] = []) {
    this.current = current;
    this.keys = new Map([...previous, current].map((key) => [key.id, key]));
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv(algorithm, this.current.secret, iv, { authTagLength: tagBytes });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64'));
    return [formatVersion, this.current.id, ...parts].join(':');
  }

  decrypt(sealed: string, context: string): string {
    const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split(':');
    if (
      version !== formatVersion ||
      keyId === undefined ||
      iv === undefined ||
      tag === undefined ||
      ciphertext === undefined ||
      rest.length > 0
    ) {
      throw new TokenDecryptionError('not a sealed value in the v1 format');
    }
    const key = this.keys.get(keyId);
    if (!key)
      throw new TokenDecryptionError(
        `sealed with key ${keyId}, which is neither TOKEN_ENCRYPTION_KEY nor in TOKEN_ENCRYPTION_KEYS_PREVIOUS`,
      );
    const tagBuffer = Buffer.from(tag, 'base64');
    const ivBuffer = Buffer.from(iv, 'base64');
    if (tagBuffer.length !== tagBytes || ivBuffer.length !== ivBytes)
      throw new TokenDecryptionError('the sealed value is truncated');
    try {
      const decipher = createDecipheriv(algorithm, key.secret, ivBuffer, { authTagLength: tagBytes });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tagBuffer);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenDecryptionError('the sealed value does not authenticate: tampered, or sealed for another record');
    }
  }

  /** True when the value was sealed with an older key and `reseal` would change it. */
  needsRotation(sealed: string): boolean {
    return sealed.split(':')[1] !== this.current.id;
  }

  reseal(sealed: string, context: string): string {
    return this.needsRotation(sealed) ? this.encrypt(this.decrypt(sealed, context), context) : sealed;
  }
}

/** Parses TOKEN_ENCRYPTION_KEY and the comma-separated TOKEN_ENCRYPTION_KEYS_PREVIOUS (base64, 32 bytes each). */
export function cipherFromEnvironment(currentKey: string, previousKeys: string | undefined): TokenCipher {
  const decode = (value: string) => encryptionKey(Buffer.from(value.trim(), 'base64'));
  const previous = (previousKeys ?? '')
    .split(',')
    .filter((value) => value.trim() !== '')
    .map(decode);
  return new TokenCipher(decode(currentKey), previous);
}

/** A new random key, base64, for TOKEN_ENCRYPTION_KEY. */
export function generateEncryptionKey(): string {
  return randomBytes(encryptionKeyBytes).toString('base64');
}
