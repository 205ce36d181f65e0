import { AppException } from 'src/platform/errors/app.exception';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy();
  const email = 'marie.curie@example.org';

  it.each([
    ['11 characters', 'abcdefghijk', /at least 12/],
    ['a common password of 12+ characters', 'qwerty123456', /too common/],
    ['a common password in another case', 'QWERTY123456', /too common/],
    ['the product name', 'my-LedgerLine-account', /name of this service/],
    ['the email address', 'marie.curie@example.org!', /email/],
    ['the local part of the email', 'xx-marie.curie-2026', /email/],
    ['more than 256 characters', 'a'.repeat(257), /at most 256/],
  ])('refuses %s', (_, password, expected) => {
    expect(policy.problems(password, email).join('\n')).toMatch(expected);
  });

  it.each([
    ['exactly 12 characters', 'tulip-sextant'],
    ['64 characters, kept whole', 'a long passphrase about a walk in the hills '.padEnd(64, 'z')],
    ['256 characters', 'correct horse battery staple '.repeat(9).slice(0, 256)],
    ['no digits or symbols at all', 'purple elephants dance quietly'],
    ['unicode counted by characters', 'дом-у-реки-за-мостом'],
  ])('accepts %s', (_, password) => {
    expect(policy.problems(password, email)).toEqual([]);
  });

  it('ships a list of at least 10,000 common passwords', () => {
    const common = (policy as unknown as { common: Set<string> }).common;
    expect(common.size).toBeGreaterThanOrEqual(10_000);
  });

  it('names the field in the validation error', () => {
    let thrown: unknown;
    try {
      policy.assertAcceptable('short', email, 'newPassword');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'VALIDATION_FAILED',
      options: { errors: [{ field: 'newPassword' }] },
    });
    const errors = (thrown as AppException).options.errors ?? [];
    expect(errors[0]?.messages.join(' ')).toMatch(/at least 12/);
  });
});
