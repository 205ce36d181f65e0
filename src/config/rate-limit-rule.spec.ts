import { describeRateLimitRule, parseRateLimitRule } from 'src/config/rate-limit-rule';

describe('parseRateLimitRule', () => {
  it.each([
    ['10/60s', { limit: 10, windowMs: 60_000 }],
    ['10/1m', { limit: 10, windowMs: 60_000 }],
    ['5/15m', { limit: 5, windowMs: 900_000 }],
    ['3/1h', { limit: 3, windowMs: 3_600_000 }],
    ['1000/1m', { limit: 1000, windowMs: 60_000 }],
    ['1/24h', { limit: 1, windowMs: 86_400_000 }],
    [' 20/1m ', { limit: 20, windowMs: 60_000 }],
  ])('reads %j', (text, expected) => {
    expect(parseRateLimitRule(text)).toEqual(expected);
  });

  it.each([
    '',
    '10',
    '10/',
    '/1m',
    '10/m',
    '10 / 1m',
    '0/1m',
    '10/0s',
    '-1/1m',
    '1.5/1m',
    '10/1d',
    '10/1ms',
    '10/1M',
    '10/25h',
    '10/1441m',
    '10/1m/2',
    '01/1m',
    '12345678/1m',
    'ten/1m',
  ])('refuses %j', (text) => {
    expect(parseRateLimitRule(text)).toBeUndefined();
  });
});

describe('describeRateLimitRule', () => {
  it.each([
    [{ limit: 10, windowMs: 60_000 }, '10 requests per 1 minute'],
    [{ limit: 5, windowMs: 900_000 }, '5 requests per 15 minutes'],
    [{ limit: 1, windowMs: 3_600_000 }, '1 request per 1 hour'],
    [{ limit: 3, windowMs: 90_000 }, '3 requests per 90 seconds'],
  ])('says %j as %j', (rule, expected) => {
    expect(describeRateLimitRule(rule)).toBe(expected);
  });
});
