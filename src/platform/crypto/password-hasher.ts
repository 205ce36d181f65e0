import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** OWASP's minimum argon2id profile: 19 MiB, two passes, one lane. */
export const DEFAULT_ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hashing; the work runs on libuv's thread pool, off the event loop. */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...DEFAULT_ARGON2_OPTIONS });
  }

  verify(hash: string, password: string): Promise<boolean> {
    return argon2.verify(hash, password);
  }
}
