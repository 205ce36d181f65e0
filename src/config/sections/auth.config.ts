import { availableParallelism } from 'node:os';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { REDACTED, toList, toTrimmedOrUndefined } from 'src/config/env-transforms';
import { HS256_KEY_BITS, secretWeakness } from 'src/config/secret-policy';

export class AuthVariables {
  /**
   * Comma-separated JWT signing secrets, newest first: new tokens are signed with the first,
   * tokens signed with any listed one are accepted (key rotation).
   */
  @Transform(toList)
  @IsString({ each: true })
  JWT_SECRETS: string[] = [];

  /** Issuer and audience of access tokens (checked on every request). */
  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'ledgerline';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'ledgerline-api';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_S = 900;

  /** A refresh token unused for this long expires (each use issues a new one). */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_S = 1_209_600;

  /**
   * How long a just-rotated refresh token still answers with the pair it was exchanged for
   * (two tabs refreshing at once), instead of counting as reuse and revoking the session.
   * 0 turns the grace off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_TOKEN_REUSE_GRACE_S = 10;

  /** A session ends this long after login, however often it is refreshed. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  SESSION_MAX_LIFETIME_S = 2_592_000;

  /** argon2id memory in KiB; production refuses less than OWASP's 19 MiB. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(4_194_304)
  ARGON2_MEMORY_KIB = 19_456;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  ARGON2_TIME_COST = 2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  ARGON2_PARALLELISM = 1;

  /** Hashes computed at once; 0: one fewer than the CPU cores (at least one). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(64)
  ARGON2_MAX_CONCURRENCY = 0;

  /** Consecutive failed logins that lock an account for a while. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_LOCKOUT_THRESHOLD = 5;

  /** First lockout length; each further lockout doubles it, up to LOGIN_LOCKOUT_MAX_S. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_BASE_S = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_MAX_S = 3600;

  @Type(() => Number)
  @IsInt()
  @Min(300)
  EMAIL_VERIFICATION_TTL_S = 86_400;

  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(86_400)
  PASSWORD_RESET_TTL_S = 1800;

  /**
   * The front end that takes the tokens of mailed links (`/verify-email?token=`,
   * `/reset-password?token=`). Unset: there is none, mails give the API call instead, and the
   * server's own address is http://localhost:PORT.
   */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  /** The first administrator, created at start-up when no administrator exists. */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  ADMIN_PASSWORD?: string;
}

export interface AuthConfig {
  jwtSecrets: readonly string[];
  /** configured: from JWT_SECRETS; generated: made up at boot because none was set. */
  jwtSecretsSource: 'configured' | 'generated';
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Window after a rotation in which the spent token replays its successor (0: none). */
  refreshReuseGraceSeconds: number;
  sessionMaxLifetimeSeconds: number;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  argon2MaxConcurrency: number;
  lockout: { threshold: number; baseSeconds: number; maxSeconds: number };
  emailVerificationTtlSeconds: number;
  passwordResetTtlSeconds: number;
  /** Where this server is reached from outside: PUBLIC_URL, else http://localhost:PORT. */
  publicUrl: string;
  /** PUBLIC_URL when set: a front end serves the mailed links; otherwise mails name the API call. */
  frontEndUrl: string | undefined;
  initialAdmin: { email: string; password: string } | undefined;
}

export const authSection: ConfigSection<AuthVariables, AuthConfig> = {
  variables: AuthVariables,
  build: (env, context) => {
    const configured = env.JWT_SECRETS.length > 0;
    return {
      // Production never gets here without secrets (see problems below).
      jwtSecrets: configured ? env.JWT_SECRETS : [context.generatedSecret('jwt')],
      jwtSecretsSource: configured ? 'configured' : 'generated',
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_S,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_S,
      refreshReuseGraceSeconds: env.REFRESH_TOKEN_REUSE_GRACE_S,
      sessionMaxLifetimeSeconds: env.SESSION_MAX_LIFETIME_S,
      argon2: {
        memoryCost: env.ARGON2_MEMORY_KIB,
        timeCost: env.ARGON2_TIME_COST,
        parallelism: env.ARGON2_PARALLELISM,
      },
      argon2MaxConcurrency: env.ARGON2_MAX_CONCURRENCY || Math.max(1, availableParallelism() - 1),
      lockout: {
        threshold: env.LOGIN_LOCKOUT_THRESHOLD,
        baseSeconds: env.LOGIN_LOCKOUT_BASE_S,
        maxSeconds: env.LOGIN_LOCKOUT_MAX_S,
      },
      emailVerificationTtlSeconds: env.EMAIL_VERIFICATION_TTL_S,
      passwordResetTtlSeconds: env.PASSWORD_RESET_TTL_S,
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://localhost:${env.PORT}`,
      frontEndUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
      initialAdmin:
        env.ADMIN_EMAIL && env.ADMIN_PASSWORD
          ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD }
          : undefined,
    };
  },
  problems: (env) => {
    const problems: string[] = [];
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
    }
    if (env.SESSION_MAX_LIFETIME_S < env.REFRESH_TOKEN_TTL_S) {
      problems.push('SESSION_MAX_LIFETIME_S must not be shorter than REFRESH_TOKEN_TTL_S');
    }
    if (env.LOGIN_LOCKOUT_MAX_S < env.LOGIN_LOCKOUT_BASE_S) {
      problems.push('LOGIN_LOCKOUT_MAX_S must not be shorter than LOGIN_LOCKOUT_BASE_S');
    }
    if (env.NODE_ENV !== 'production') return problems;
    if (env.JWT_SECRETS.length === 0) {
      problems.push('JWT_SECRETS is required in production');
    }
    env.JWT_SECRETS.forEach((secret, index) => {
      const weakness = secretWeakness(secret, {
        name: `JWT_SECRETS entry ${index + 1}`,
        minBits: HS256_KEY_BITS,
        purpose: 'an HS256 signing key needs',
      });
      if (weakness) problems.push(weakness);
    });
    if (env.ARGON2_MEMORY_KIB < 19_456 || env.ARGON2_TIME_COST < 2) {
      problems.push(
        "ARGON2_MEMORY_KIB/ARGON2_TIME_COST are below OWASP's minimum (19456 KiB, 2 passes)",
      );
    }
    return problems;
  },
  redact: (auth) => ({
    ...auth,
    jwtSecrets: auth.jwtSecrets.map(() => REDACTED),
    initialAdmin: auth.initialAdmin
      ? { email: auth.initialAdmin.email, password: REDACTED }
      : undefined,
  }),
};
