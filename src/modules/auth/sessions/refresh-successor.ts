import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';

/**
 * The successor of a rotated refresh token, kept beside the spent token so that a second
 * refresh with it inside the grace window answers with the *same* successor (two tabs
 * refreshing at once) instead of a third token or a revocation.
 *
 * Why sealed with a key derived from the spent token itself, and not stored plainly or derived
 * by HMAC with a server key: only whoever presents the spent token can open it, so a copy of
 * the database yields nothing (the table holds SHA-256 of the token, and HKDF with its own
 * label is a different, unrelated function of it), no new server secret has to be configured,
 * rotated or shared by replicas, and after the window the box is inert because presenting the
 * spent token then revokes the session before anything is opened. A deterministic successor
 * (HMAC of the old token) would instead let anyone holding the server key and one token walk
 * the whole chain.
 *
 * Each key seals exactly one message (a refresh token is spent once), so AES-GCM with a fixed
 * nonce never reuses a (key, nonce) pair.
 */
const INFO = Buffer.from('ledgerline refresh-token successor v1');
const NONCE = Buffer.alloc(12);
const TAG_BYTES = 16;

function keyOf(spentToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', spentToken, Buffer.alloc(0), INFO, 32));
}

export function sealSuccessor(spentToken: string, successor: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', keyOf(spentToken), NONCE);
  const body = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return Buffer.concat([cipher.getAuthTag(), body]);
}

/** The successor, or undefined when the box was not sealed for this token. */
export function openSuccessor(spentToken: string, sealed: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(spentToken), NONCE);
    decipher.setAuthTag(sealed.subarray(0, TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
