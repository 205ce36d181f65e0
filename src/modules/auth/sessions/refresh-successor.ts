import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';

/**
 * The successor of a rotated refresh token, kept beside the spent token so that a second
 * refresh with it inside the grace window answers with the *same* successor (two tabs
 * refreshing at once) instead of a third token or a revocation.
 *
 * Why sealed, and with a key derived from both the spent token and a server key: the table
 * holds only SHA-256 of each token, so the successor must not be readable from it. The spent
 * token as key material means only whoever presents it can open the box (HKDF with its own
 * label is unrelated to the stored hash); the server key (the current JWT signing secret, as
 * HKDF's salt) means a copy of the database plus an old token lifted from a log or a device
 * is still not enough to read a live successor offline — which would dodge reuse detection.
 * Boxes are cleared once their window has passed (SessionsRepository.clearSpentSuccessors).
 * A deterministic successor (HMAC of the old token under a server key) was the alternative; it
 * would let anyone holding that key and one token walk the session's whole chain, past or
 * future, with nothing stored to clear.
 *
 * Each key seals exactly one message (a refresh token is spent once), so AES-GCM with a fixed
 * nonce never reuses a (key, nonce) pair.
 */
const INFO = Buffer.from('ledgerline refresh-token successor v1');
const NONCE = Buffer.alloc(12);
const TAG_BYTES = 16;

function keyOf(serverKey: string, spentToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', spentToken, serverKey, INFO, 32));
}

export function sealSuccessor(serverKey: string, spentToken: string, successor: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverKey, spentToken), NONCE);
  const body = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return Buffer.concat([cipher.getAuthTag(), body]);
}

/**
 * The successor, or undefined when the box was not sealed for this token under any of the
 * server keys (all configured JWT secrets are tried, so a key rotation does not break it).
 */
export function openSuccessor(
  serverKeys: readonly string[],
  spentToken: string,
  sealed: Buffer,
): string | undefined {
  for (const serverKey of serverKeys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyOf(serverKey, spentToken), NONCE);
      decipher.setAuthTag(sealed.subarray(0, TAG_BYTES));
      const body = Buffer.concat([decipher.update(sealed.subarray(TAG_BYTES)), decipher.final()]);
      return body.toString('utf8');
    } catch {
      // Not this key.
    }
  }
  return undefined;
}
