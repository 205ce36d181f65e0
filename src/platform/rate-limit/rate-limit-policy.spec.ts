import { RateLimitTier } from 'src/config/rate-limit-rule';
import { counterKey, tierFor } from 'src/platform/rate-limit/rate-limit-policy';
import { Principal } from 'src/platform/security/principal';

const user: Principal = { kind: 'user', userId: 'u-1', role: 'user' };
const admin: Principal = { kind: 'user', userId: 'u-2', role: 'admin' };
const apiKey: Principal = { kind: 'apiKey', apiKeyId: 'k-1', userId: 'u-1', role: 'user' };
const adminsKey: Principal = { kind: 'apiKey', apiKeyId: 'k-2', userId: 'u-2', role: 'admin' };

describe('tierFor', () => {
  it.each<[string, Principal | undefined, RateLimitTier]>([
    ['an anonymous caller', undefined, 'public'],
    ['a user', user, 'authenticated'],
    ['an API key', apiKey, 'authenticated'],
    ["an admin's API key", adminsKey, 'authenticated'],
    ['an admin', admin, 'admin'],
  ])('gives %s the %s default when the route names no tier', (_who, principal, expected) => {
    expect(tierFor(undefined, principal)).toBe(expected);
  });

  it.each<[Principal | undefined]>([[undefined], [user], [admin], [apiKey]])(
    "uses the route's tier whoever calls (%j)",
    (principal) => {
      expect(tierFor('search', principal)).toBe('search');
      expect(tierFor('login', principal)).toBe('login');
    },
  );
});

describe('counterKey', () => {
  it('counts anonymous callers by address', () => {
    expect(counterKey('public', undefined, '203.0.113.7')).toBe('public:ip:203.0.113.7');
  });

  it('counts a user by id and an API key by key id', () => {
    expect(counterKey('authenticated', user, '203.0.113.7')).toBe('authenticated:user:u-1');
    expect(counterKey('authenticated', apiKey, '203.0.113.7')).toBe('authenticated:key:k-1');
    expect(counterKey('search', admin, '203.0.113.7')).toBe('search:user:u-2');
  });

  it('counts an API key without a key id by its user', () => {
    const keyWithoutId: Principal = { kind: 'apiKey', userId: 'u-3', role: 'user' };
    expect(counterKey('upload', keyWithoutId, '::1')).toBe('upload:user:u-3');
  });

  it.each<[RateLimitTier]>([['login'], ['register']])(
    'counts the %s tier by address even for an authenticated caller',
    (tier) => {
      expect(counterKey(tier, user, '203.0.113.7')).toBe(`${tier}:ip:203.0.113.7`);
      expect(counterKey(tier, apiKey, '203.0.113.8')).toBe(`${tier}:ip:203.0.113.8`);
    },
  );

  it('counts IPv6 clients by /64 and IPv4-mapped addresses as IPv4', () => {
    expect(counterKey('public', undefined, '2001:db8:1:2:aaaa::1')).toBe(
      counterKey('public', undefined, '2001:db8:1:2:bbbb::2'),
    );
    expect(counterKey('public', undefined, '2001:db8:1:2::1')).not.toBe(
      counterKey('public', undefined, '2001:db8:1:3::1'),
    );
    expect(counterKey('public', undefined, '::ffff:198.51.100.9')).toBe('public:ip:198.51.100.9');
  });
});
