import { randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ContextName } from 'test/fuzz/support/context-ref';
import { Operation, UnsupportedConstruct } from 'test/fuzz/support/operations';
import { Caller } from 'test/fuzz/support/request-arbitraries';
import { UsersService } from 'src/modules/auth/users/users.service';
import { login, newUser, strongPassword, TestUser, uniqueEmail } from 'test/support/auth';
import { TestApp } from 'test/support/test-app';

/** The caller of one case, and what its placeholders resolve to. */
export interface CaseContext {
  headers: Record<string, string>;
  /** The bearer session of the account behind the case, for the fuzzer's own reads. */
  sessionHeaders: Record<string, string>;
  /** Placeholder values; `ownedId` and `etag` are filled once the path is known. */
  values: Partial<Record<ContextName, string>>;
}

interface Account extends TestUser {
  categoryId: string;
  topCategoryId: string;
}

/** `n` counts the fixture's calls, so that each can make something unique. */
type Fixture = (world: FuzzWorld, owner: Owner, n: number) => Promise<string>;

/** The account a fixture is made for, and a session of it. */
interface Owner extends Account {
  session: Record<string, string>;
}

/**
 * A resource of the caller's for each kind of path with an id, made the way a client makes
 * it. A new path with an id needs an entry here: the run fails for one without.
 */
const FIXTURES: Record<string, Fixture> = {
  '/api/v1/me/sessions/{id}': async (world, account) => {
    const { accessToken } = await login(world.ctx, account.email, account.password);
    return (jwt.decode(accessToken) as { sid: string }).sid;
  },
  '/api/v1/me/api-keys/{id}': (world, account) =>
    world.create(account, '/api/v1/me/api-keys', {
      name: 'fuzz victim',
      scopes: [world.scopes[0]],
    }),
  '/api/v1/admin/users/{id}': async (world) =>
    (
      await world.ctx.app.get(UsersService).create({
        email: uniqueEmail('fuzz-target'),
        password: strongPassword(),
        displayName: 'Fuzz target',
        role: 'user',
        emailVerifiedAt: new Date(),
      })
    ).id,
  '/api/v1/expenses/{id}': (world, account) =>
    world.create(account, '/api/v1/expenses', {
      amount: { amount: '12.50', currency: 'EUR' },
      date: '2026-03-01',
      categoryId: account.categoryId,
      payee: 'Fuzz café',
      tags: ['fuzz'],
    }),
  '/api/v1/expense-categories/{id}': (world, account, n) =>
    world.create(account, '/api/v1/expense-categories', {
      name: `Fuzz ${n}`,
      parentId: account.topCategoryId,
    }),
  '/api/v1/recurring-expenses/{id}': (world, account) =>
    world.create(account, '/api/v1/recurring-expenses', {
      amount: { amount: '9.99', currency: 'EUR' },
      categoryId: account.categoryId,
      unit: 'month',
      interval: 1,
      startDate: '2026-01-31',
    }),
  // A budget of a category of its own, so that no other budget covers its months, in the base
  // currency of the day (cases change it).
  '/api/v1/budgets/{id}': async (world, account, n) =>
    world.create(account, '/api/v1/budgets', {
      amount: { amount: '400', currency: await world.baseCurrency(account) },
      categoryId: await world.create(account, '/api/v1/expense-categories', {
        name: `Budgeted ${n}`,
      }),
      startMonth: '2026-01',
    }),
  // One committed row, a different day each time so that none is a duplicate.
  '/api/v1/expense-imports/{id}': (world, account, n) =>
    world.create(
      account,
      '/api/v1/expense-imports?dateColumn=Date&amountColumn=Amount&currency=EUR&dryRun=false',
      `Date,Amount\n${new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)},${(n % 500) + 1}.00\n`,
      'text/csv',
    ),
};

const WRITES_PER_ACCOUNT = 60;

/** The accounts and resources the fuzzer calls with; replaced when a case destroys them. */
export class FuzzWorld {
  scopes: string[] = [];
  private user?: Account;
  private admin?: Account;
  private readonly counters = new Map<string, number>();
  private readonly shared = new Map<string, string>();
  private readonly sessions = new Map<'user' | 'admin', Awaited<ReturnType<typeof login>>>();
  private readonly keys = new Map<string, string>();
  private readonly writes = new Map<'user' | 'admin', number>();

  constructor(readonly ctx: TestApp) {}

  async start(): Promise<void> {
    const account = await this.account('user');
    const response = await this.ctx.inject({
      method: 'GET',
      url: '/api/v1/me/api-keys/scopes',
      headers: account.headers,
    });
    this.scopes = response.json<{ scopes: string[] }>().scopes;
  }

  /** Fails the run for an operation whose path has an id no fixture makes. */
  assertFixtures(operation: Operation): void {
    if (operation.path.includes('{') && !fixtureKey(operation.path)) {
      throw new UnsupportedConstruct(
        `${operation.key}: no fixture makes a resource for this path (FIXTURES in fuzz-world.ts)`,
      );
    }
  }

  /**
   * The caller of a case: a session (and API key) shared with the cases before it until one of
   * them writes something. Logout, password changes, refreshes, revoking sessions and deleting
   * the account end sessions, so after any write that went through (or broke on the server)
   * the next case logs in anew (`settle`), and no case depends on what the one before it did.
   */
  async contextFor(operation: Operation, caller: Caller): Promise<CaseContext> {
    const audience = operation.audience;
    const role = audience.kind === 'admin' ? 'admin' : 'user';
    // An account takes so many writes, then a new one takes over: what a long run piles up
    // (budgets, categories, keys) stays below the API's limits per account.
    if ((this.writes.get(role) ?? 0) >= WRITES_PER_ACCOUNT) this.forget(role);
    let session = this.sessions.get(role);
    if (!session) {
      const account = await this.account(role);
      session = await login(this.ctx, account.email, account.password).catch(async () => {
        // A case before changed the password, deactivated or deleted the account.
        this.forget(role);
        const replacement = await this.account(role);
        return login(this.ctx, replacement.email, replacement.password);
      });
      this.sessions.set(role, session);
    }
    const current = await this.account(role);
    const values: CaseContext['values'] = {
      email: current.email,
      password: current.password,
      refreshToken: session.refreshToken,
      categoryId: current.categoryId,
      topCategoryId: current.topCategoryId,
      userId: (await this.account('user')).id,
      scope: this.scopes[0],
    };
    let headers: Record<string, string>;
    if (caller === 'garbage token') headers = { authorization: `Bearer ${randomUUID()}` };
    else if (caller === 'anonymous' || audience.kind === 'public') headers = {};
    else if (
      caller === 'intended key' &&
      audience.kind === 'user' &&
      audience.apiKey &&
      audience.scopes.length > 0
    ) {
      headers = { 'x-api-key': await this.apiKey(current, session.headers, audience.scopes) };
    } else headers = session.headers;
    return { headers, sessionHeaders: session.headers, values };
  }

  /** After a case: a write that went through (or broke) may have ended what it was called with. */
  settle(operation: Operation, status: number): void {
    if (operation.method !== 'GET' && (status < 300 || status >= 500)) {
      const role = operation.audience.kind === 'admin' ? 'admin' : 'user';
      this.writes.set(role, (this.writes.get(role) ?? 0) + 1);
      this.sessions.clear();
      this.keys.clear();
    }
  }

  /** A key with exactly these scopes, shared like sessions. */
  private async apiKey(
    account: Account,
    sessionHeaders: Record<string, string>,
    scopes: string[],
  ): Promise<string> {
    const cacheKey = `${account.id} ${scopes.join(' ')}`;
    const cached = this.keys.get(cacheKey);
    if (cached) return cached;
    const response = await this.ctx.inject({
      method: 'POST',
      url: '/api/v1/me/api-keys',
      headers: sessionHeaders,
      payload: { name: 'fuzz caller', scopes },
    });
    const key = response.json<{ key?: string }>().key;
    if (!key) throw new Error(`API key not created: ${response.statusCode} ${response.body}`);
    this.keys.set(cacheKey, key);
    return key;
  }

  /**
   * An id of a resource of the caller's for this path: a new one for anything but a read,
   * since the case may change or delete it.
   */
  async ownedId(operation: Operation, context: CaseContext): Promise<string> {
    const key = fixtureKey(operation.path)!;
    const account = (operation.audience.kind === 'admin' ? this.admin : this.user)!;
    const owner = { ...account, session: context.sessionHeaders };
    if (operation.method === 'GET' && key !== '/api/v1/admin/users/{id}') {
      const cached = this.shared.get(`${account.id} ${key}`);
      if (cached) return cached;
    }
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, n + 1);
    const id = await FIXTURES[key](this, owner, n);
    const role = operation.audience.kind === 'admin' ? 'admin' : 'user';
    this.writes.set(role, (this.writes.get(role) ?? 0) + 1);
    if (operation.method === 'GET') this.shared.set(`${account.id} ${key}`, id);
    return id;
  }

  /** The ETag the resource at this path has now (reads it as its owner). */
  async etag(url: string, context: CaseContext): Promise<string> {
    const response = await this.ctx.inject({ method: 'GET', url, headers: context.sessionHeaders });
    return typeof response.headers.etag === 'string' ? response.headers.etag : 'W/"1"';
  }

  /** A nextCursor from the list at this path, or a well-formed cursor of no row. */
  async cursor(url: string, context: CaseContext): Promise<string> {
    const response = await this.ctx.inject({
      method: 'GET',
      url: `${url}?limit=1`,
      headers: context.sessionHeaders,
    });
    const next =
      response.statusCode === 200
        ? response.json<{ nextCursor?: string | null }>().nextCursor
        : null;
    return (
      next ??
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', randomUUID()])).toString('base64url')
    );
  }

  async baseCurrency(owner: Owner): Promise<string> {
    const response = await this.ctx.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: owner.session,
    });
    return response.json<{ baseCurrency: string }>().baseCurrency;
  }

  async create(
    owner: Owner,
    url: string,
    payload: object | string,
    contentType?: string,
  ): Promise<string> {
    const response = await this.ctx.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...owner.session, ...(contentType ? { 'content-type': contentType } : {}) },
    });
    const body = response.json<{ id?: string; import?: { id: string } }>();
    const id = body.import?.id ?? body.id;
    if (response.statusCode >= 300 || !id) {
      throw new Error(`fixture ${url} not created: ${response.statusCode} ${response.body}`);
    }
    return id;
  }

  async newAccount(role: 'user' | 'admin' = 'user'): Promise<Account> {
    const user = await newUser(this.ctx, { role, email: uniqueEmail(`fuzz-${role}`) });
    const categories = await this.ctx.inject({
      method: 'GET',
      url: '/api/v1/expense-categories?limit=100',
      headers: user.headers,
    });
    const data = categories.json<{ data: { id: string; parentId: string | null }[] }>().data;
    const top = data.find((category) => category.parentId === null) ?? data[0];
    return { ...user, categoryId: data[data.length - 1].id, topCategoryId: top.id };
  }

  private async account(role: 'user' | 'admin'): Promise<Account> {
    if (role === 'admin') return (this.admin ??= await this.newAccount('admin'));
    return (this.user ??= await this.newAccount('user'));
  }

  private forget(role: 'user' | 'admin'): void {
    if (role === 'admin') this.admin = undefined;
    else this.user = undefined;
    this.shared.clear();
    this.sessions.clear();
    this.keys.clear();
    this.writes.delete(role);
  }
}

/** The fixture for a path: the part up to its first id, e.g. `/api/v1/budgets/{id}`. */
function fixtureKey(path: string): string | undefined {
  const match = /^(.*?\{[^}]+\})/.exec(path);
  return match && match[1] in FIXTURES ? match[1] : undefined;
}
