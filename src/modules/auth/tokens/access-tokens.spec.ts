import { createHash } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { AccessTokens } from 'src/modules/auth/tokens/access-tokens';
import { testConfig } from 'test/support/test-config';

const OLD = 'an-older-secret-that-is-long-enough-000000';
const NEW = 'the-newest-secret-that-is-long-enough-11111';
const claims = { userId: 'user-1', sessionId: 'session-1' };

function tokensWith(secrets: string[]): AccessTokens {
  return new AccessTokens(testConfig({ JWT_SECRETS: secrets.join(',') }));
}

function kidOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}

function forge(payload: object, secret: string, header: object): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', header: header as jwt.JwtHeader });
}

describe('AccessTokens', () => {
  it('round-trips the user and the session', () => {
    const tokens = tokensWith([NEW]);
    expect(tokens.verify(tokens.issue(claims))).toEqual(claims);
  });

  it('signs with the first secret and still accepts tokens of an older listed one', () => {
    const before = tokensWith([OLD]).issue(claims);
    const rotated = tokensWith([NEW, OLD]);
    expect(rotated.verify(before)).toEqual(claims);
    expect(jwt.decode(rotated.issue(claims), { complete: true })?.header.kid).toBe(kidOf(NEW));
  });

  it('refuses tokens of a secret that was removed from the list', () => {
    expect(tokensWith([NEW]).verify(tokensWith([OLD]).issue(claims))).toBeUndefined();
  });

  const now = Math.floor(Date.now() / 1000);
  const valid = {
    sub: 'user-1',
    sid: 'session-1',
    iss: 'ledgerline',
    aud: 'ledgerline-api',
    exp: now + 60,
  };
  const header = { alg: 'HS256', typ: 'at+jwt', kid: kidOf(NEW) };

  it.each([
    ['expired', forge({ ...valid, exp: now - 1 }, NEW, header)],
    ['another type (a refresh token)', forge(valid, NEW, { ...header, typ: 'refresh+jwt' })],
    ['no type', forge(valid, NEW, { alg: 'HS256', kid: kidOf(NEW) })],
    ['a wrong issuer', forge({ ...valid, iss: 'someone-else' }, NEW, header)],
    ['a wrong audience', forge({ ...valid, aud: 'another-api' }, NEW, header)],
    ['no session', forge({ ...valid, sid: undefined }, NEW, header)],
    ['an unknown key id', forge(valid, NEW, { ...header, kid: 'nope' })],
    ['a forged signature', forge(valid, 'x'.repeat(40), header)],
    [
      'alg none',
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: kidOf(NEW) })).toString('base64url')}.${Buffer.from(JSON.stringify(valid)).toString('base64url')}.`,
    ],
    ['garbage', 'not.a.jwt'],
  ])('refuses a token that is %s', (_, token) => {
    expect(tokensWith([NEW]).verify(token)).toBeUndefined();
  });
});
