import { ValidateBy } from 'class-validator';
import { parseRateLimitRule, RATE_LIMIT_RULE_HINT } from 'src/config/rate-limit-rule';

export const HTTP_URL = {
  protocols: ['http', 'https'],
  require_tld: false,
  require_protocol: true,
};

export const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

export const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

export const toTrimmedOrUndefined = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

export function IsRateLimitRule(): PropertyDecorator {
  return ValidateBy({
    name: 'isRateLimitRule',
    validator: {
      validate: (value) => typeof value === 'string' && parseRateLimitRule(value) !== undefined,
      defaultMessage: (args) => `${args?.property ?? 'value'} ${RATE_LIMIT_RULE_HINT}`,
    },
  });
}

export function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[REDACTED]';
  }
}

export const REDACTED = '[REDACTED]';
