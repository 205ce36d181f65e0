import { randomBytes } from 'node:crypto';
import { Role } from 'src/platform/security/principal';
import { UsersService } from 'src/modules/auth/users/users.service';
import { TestApp } from 'test/support/test-app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** `Authorization: Bearer …` for this user's first session. */
  headers: { authorization: string };
}

/** A strong password nobody else has; the policy accepts it. */
export function strongPassword(): string {
  return `orchid-${randomBytes(9).toString('base64url')}-lantern`;
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.org`;
}

/** A persisted, verified account, logged in through the API. */
export async function newUser(
  ctx: TestApp,
  options: { role?: Role; email?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? uniqueEmail(options.role ?? 'user');
  const password = strongPassword();
  const profile = await ctx.app.get(UsersService).create({
    email,
    password,
    displayName: 'Test user',
    role: options.role ?? 'user',
    emailVerifiedAt: new Date(),
  });
  const session = await login(ctx, email, password);
  return { id: profile.id, email, password, ...session };
}

/** A new session for an existing account. */
export async function login(
  ctx: TestApp,
  email: string,
  password: string,
): Promise<Pick<TestUser, 'accessToken' | 'refreshToken' | 'headers'>> {
  const response = await ctx.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ accessToken: string; refreshToken: string }>();
  return {
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    headers: { authorization: `Bearer ${body.accessToken}` },
  };
}
