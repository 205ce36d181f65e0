import { createHash, createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import { AppConfig } from 'src/config/app-config';

/** RFC 9068's media type for access tokens: anything else signed with our keys is refused. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
const ALGORITHM = 'HS256';

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

interface SigningKey {
  id: string;
  key: KeyObject;
}

/**
 * Short-lived JWT access tokens. New tokens are signed with the first configured secret;
 * tokens signed with any configured one verify (rotation), chosen by the `kid` header.
 * Secrets become KeyObjects once: given a string, jsonwebtoken re-parses it on every verify.
 */
@Injectable()
export class AccessTokens {
  private readonly keys: SigningKey[];
  private readonly keysById: Map<string, KeyObject>;

  constructor(private readonly config: AppConfig) {
    this.keys = config.auth.jwtSecrets.map((secret) => ({
      id: keyId(secret),
      key: createSecretKey(Buffer.from(secret, 'utf8')),
    }));
    this.keysById = new Map(this.keys.map(({ id, key }) => [id, key]));
  }

  get ttlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  issue(claims: AccessTokenClaims): string {
    const { id, key } = this.keys[0];
    return jwt.sign({ sid: claims.sessionId }, key, {
      algorithm: ALGORITHM,
      expiresIn: this.ttlSeconds,
      issuer: this.config.auth.issuer,
      audience: this.config.auth.audience,
      subject: claims.userId,
      keyid: id,
      header: { alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE },
    });
  }

  /** The claims of a valid access token; undefined for anything else, whatever the reason. */
  verify(token: string): AccessTokenClaims | undefined {
    const header = decodeHeader(token);
    if (header?.typ !== ACCESS_TOKEN_TYPE || typeof header.kid !== 'string') return undefined;
    const key = this.keysById.get(header.kid);
    if (!key) return undefined;
    try {
      const payload = jwt.verify(token, key, {
        algorithms: [ALGORITHM],
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
      }) as jwt.JwtPayload;
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
      return { userId: payload.sub, sessionId: payload.sid };
    } catch {
      return undefined;
    }
  }
}

/** A public name for a secret: stable across instances, reveals nothing about the secret. */
function keyId(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}

function decodeHeader(token: string): { typ?: unknown; kid?: unknown } | undefined {
  const end = token.indexOf('.');
  if (end <= 0) return undefined;
  try {
    return JSON.parse(Buffer.from(token.slice(0, end), 'base64url').toString('utf8')) as {
      typ?: unknown;
      kid?: unknown;
    };
  } catch {
    return undefined;
  }
}
