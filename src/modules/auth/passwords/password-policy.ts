import { Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppException } from 'src/platform/errors/app.exception';

export const PASSWORD_MIN_LENGTH = 12;
/** Far above ASVS's "at least 64"; the bound only keeps hashing requests reasonable. */
export const PASSWORD_MAX_LENGTH = 256;
const PRODUCT_NAME = 'ledgerline';

/**
 * ASVS 5 password rules: length, no composition rules, and refusal of passwords that are
 * common (zxcvbn-ts's list of about 49,000) or built from the product name or the user's email.
 */
@Injectable()
export class PasswordPolicy {
  private readonly common = new Set(dictionary['passwords-common']);

  /** The reasons a password is refused; empty when it is acceptable. */
  problems(password: string, email: string): string[] {
    const length = [...password].length;
    const problems: string[] = [];
    if (length < PASSWORD_MIN_LENGTH) {
      problems.push(`password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
    }
    if (length > PASSWORD_MAX_LENGTH) {
      problems.push(`password must be at most ${PASSWORD_MAX_LENGTH} characters long`);
    }
    const lower = password.toLowerCase();
    if (this.common.has(lower)) {
      problems.push('password is too common; choose one that is not on lists of leaked passwords');
    }
    if (lower.includes(PRODUCT_NAME)) {
      problems.push('password must not contain the name of this service');
    }
    if (emailFragments(email).some((fragment) => lower.includes(fragment))) {
      problems.push('password must not contain your email address');
    }
    return problems;
  }

  /** Throws VALIDATION_FAILED naming `field` when the password is refused. */
  assertAcceptable(password: string, email: string, field = 'password'): void {
    const messages = this.problems(password, email);
    if (messages.length > 0) {
      throw new AppException('VALIDATION_FAILED', 'The password does not meet the policy', {
        errors: [{ field, messages }],
      });
    }
  }
}

/** The whole address and its local part, when long enough to be meaningful. */
function emailFragments(email: string): string[] {
  const lower = email.toLowerCase();
  const local = lower.split('@')[0] ?? '';
  return local.length >= 4 ? [lower, local] : [lower];
}
