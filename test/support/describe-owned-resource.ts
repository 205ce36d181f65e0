import { Response as InjectResponse } from 'light-my-request';
import { newUser, TestUser } from 'test/support/auth';
import { countRows } from 'test/support/expenses';
import { call, Caller } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { TestApp } from 'test/support/test-app';

/** What the contract needs to know of an owned, versioned resource. */
export interface OwnedResource {
  /** The collection, e.g. `/api/v1/budgets`. */
  basePath: string;
  /** Its table, where "nothing written" is counted (rows whose user_id is the caller). */
  table: Parameters<typeof countRows>[1];
  /** The API-key scopes that read and write it. */
  scopes: { read: string; write: string };
  /** A valid create body for this user (it may need the user's categories). */
  createBody: (ctx: TestApp, user: TestUser) => Promise<Record<string, unknown>>;
  /** A valid patch that changes something; as a create body's extra it makes another body. */
  patchBody: Record<string, unknown>;
  /** A free-text field, for the hostile strings. */
  textField: string;
  /** A user of their own for each case; a second user is another call. */
  newUser?: (ctx: TestApp) => Promise<TestUser>;
}

interface Resource {
  id: string;
  version: number;
}

/** About 20 KB of nested arrays, which once overflowed class-transformer's stack (a 500). */
const DEEP_ARRAYS = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

function fieldsOf(body: Record<string, unknown>): string[] {
  return ((body.errors ?? []) as { field: string }[]).map((error) => error.field);
}

/**
 * The cases every owned, versioned resource answers the same way: someone else's id is 404 on
 * every route, a change needs a current If-Match (428, 412), a create retried with its
 * Idempotency-Key is answered once, and bad input — malformed JSON, unknown fields, NUL, a lone
 * surrogate, 20 KB of nesting — is a 4xx problem that writes nothing. `app` is read when the
 * cases run, so the calling file's beforeAll may start it.
 */
export function describeOwnedResource(
  name: string,
  app: () => TestApp,
  resource: OwnedResource,
): void {
  describe(`${name}: the owned-resource contract`, () => {
    const makeUser = (): Promise<TestUser> => (resource.newUser ?? newUser)(app());
    const urlOf = (id: string): string => `${resource.basePath}/${id}`;
    const rowsOf = (user: TestUser): Promise<number> =>
      countRows(app(), resource.table, 'user_id = $1', [user.id]);

    async function create(user: TestUser): Promise<Resource> {
      const response = await call(
        app(),
        user,
        'POST',
        resource.basePath,
        await resource.createBody(app(), user),
      );
      if (response.statusCode !== 201) {
        throw new Error(`create: ${response.statusCode} ${response.body}`);
      }
      return response.json<Resource>();
    }

    function send(
      user: Caller,
      method: 'POST' | 'PATCH',
      url: string,
      payload: string,
      headers: Record<string, string> = {},
    ): Promise<InjectResponse> {
      return app().inject({
        method,
        url,
        headers: { ...user.headers, 'content-type': 'application/json', ...headers },
        payload,
      });
    }

    it("answers 404 for another user's id on read, update and delete, and changes nothing", async () => {
      const [owner, other] = [await makeUser(), await makeUser()];
      const created = await create(owner);
      const before = (await call(app(), owner, 'GET', urlOf(created.id))).body;
      expectProblem(await call(app(), other, 'GET', urlOf(created.id)), 404, 'NOT_FOUND');
      expectProblem(
        await call(app(), other, 'PATCH', urlOf(created.id), resource.patchBody, {
          'if-match': `W/"${created.version}"`,
        }),
        404,
        'NOT_FOUND',
      );
      expectProblem(await call(app(), other, 'DELETE', urlOf(created.id)), 404, 'NOT_FOUND');
      const list = await call(app(), other, 'GET', resource.basePath);
      expect(list.json<{ data: unknown[] }>().data).toEqual([]);
      expect((await call(app(), owner, 'GET', urlOf(created.id))).body).toBe(before);
    });

    it('needs If-Match to change (428), refuses a stale one (412) and takes the current one', async () => {
      const owner = await makeUser();
      const created = await create(owner);
      const url = urlOf(created.id);
      const { patchBody } = resource;
      expectProblem(
        await call(app(), owner, 'PATCH', url, patchBody),
        428,
        'PRECONDITION_REQUIRED',
      );
      const stale = { 'if-match': `W/"${created.version + 1}"` };
      expectProblem(
        await call(app(), owner, 'PATCH', url, patchBody, stale),
        412,
        'PRECONDITION_FAILED',
      );
      expectProblem(
        await call(app(), owner, 'DELETE', url, undefined, stale),
        412,
        'PRECONDITION_FAILED',
      );
      const read = await call(app(), owner, 'GET', url);
      expect(read.headers.etag).toBe(`W/"${created.version}"`);
      const changed = await call(app(), owner, 'PATCH', url, patchBody, {
        'if-match': read.headers.etag as string,
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`W/"${created.version + 1}"`);
      expect(changed.json<Resource>().version).toBe(created.version + 1);
      expectProblem(
        await call(app(), owner, 'PATCH', url, patchBody, { 'if-match': `W/"${created.version}"` }),
        412,
        'PRECONDITION_FAILED',
      );
      const deleted = await call(app(), owner, 'DELETE', url, undefined, {
        'if-match': `W/"${created.version + 1}"`,
      });
      expect(deleted.statusCode).toBe(204);
      expectProblem(await call(app(), owner, 'GET', url), 404, 'NOT_FOUND');
    });

    it('answers a create retried with its Idempotency-Key once, and refuses the key with another body', async () => {
      const owner = await makeUser();
      const body = await resource.createBody(app(), owner);
      const headers = { 'idempotency-key': 'contract-1' };
      const first = await call(app(), owner, 'POST', resource.basePath, body, headers);
      const second = await call(app(), owner, 'POST', resource.basePath, body, headers);
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      expect(second.body).toBe(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.headers.etag).toBe(first.headers.etag);
      expectProblem(
        await call(
          app(),
          owner,
          'POST',
          resource.basePath,
          { ...body, ...resource.patchBody },
          headers,
        ),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await rowsOf(owner)).toBe(1);
    });

    it('lets the read scope read and the write scope write, and no one anonymous', async () => {
      const owner = await makeUser();
      const created = await create(owner);
      const keyOf = async (scope: string): Promise<Caller> => {
        const response = await call(app(), owner, 'POST', '/api/v1/me/api-keys', {
          name: scope,
          scopes: [scope],
        });
        expect(response.statusCode).toBe(201);
        return { headers: { 'x-api-key': response.json<{ key: string }>().key } };
      };
      const [reader, writer] = [
        await keyOf(resource.scopes.read),
        await keyOf(resource.scopes.write),
      ];
      expect((await call(app(), reader, 'GET', resource.basePath)).statusCode).toBe(200);
      expect((await call(app(), reader, 'GET', urlOf(created.id))).statusCode).toBe(200);
      const body = await resource.createBody(app(), owner);
      for (const [method, url, payload] of [
        ['POST', resource.basePath, body],
        ['PATCH', urlOf(created.id), resource.patchBody],
        ['DELETE', urlOf(created.id), undefined],
      ] as const) {
        expectProblem(
          await call(app(), reader, method, url, payload, { 'if-match': '*' }),
          403,
          'INSUFFICIENT_SCOPE',
        );
      }
      expectProblem(await call(app(), writer, 'GET', resource.basePath), 403, 'INSUFFICIENT_SCOPE');
      const anonymous = { headers: {} };
      expectProblem(await call(app(), anonymous, 'GET', resource.basePath), 401, 'UNAUTHENTICATED');
      expectProblem(
        await call(app(), anonymous, 'POST', resource.basePath, body),
        401,
        'UNAUTHENTICATED',
      );
      // One the owner may have only one of at a time (a budget) is made again after a delete.
      const deleted = await call(app(), writer, 'DELETE', urlOf(created.id));
      expect(deleted.statusCode).toBe(204);
      const written = await call(app(), writer, 'POST', resource.basePath, body);
      expect(written.statusCode).toBe(201);
      const own = await call(app(), owner, 'GET', urlOf(written.json<Resource>().id));
      expect(own.statusCode).toBe(200);
    });

    describe('bad input on create and update: a 4xx problem, nothing written', () => {
      let owner: TestUser;
      let existing: Resource;
      let createBody: Record<string, unknown>;

      beforeAll(async () => {
        owner = await makeUser();
        existing = await create(owner);
        createBody = await resource.createBody(app(), owner);
      });

      /** The create and the update of this raw JSON body, each answering `status` and `code`. */
      async function expectRefused(
        payloadOf: (body: Record<string, unknown>) => string,
        status: number,
        code: string,
      ): Promise<Record<string, unknown>[]> {
        const before = (await call(app(), owner, 'GET', urlOf(existing.id))).body;
        const problems = [
          expectProblem(
            await send(owner, 'POST', resource.basePath, payloadOf(createBody)),
            status,
            code,
          ),
          expectProblem(
            await send(owner, 'PATCH', urlOf(existing.id), payloadOf(resource.patchBody), {
              'if-match': `W/"${existing.version}"`,
            }),
            status,
            code,
          ),
        ];
        expect(await rowsOf(owner)).toBe(1);
        expect((await call(app(), owner, 'GET', urlOf(existing.id))).body).toBe(before);
        return problems;
      }

      it('refuses malformed JSON (400 MALFORMED_JSON)', async () => {
        const problems = await expectRefused(
          (body) => JSON.stringify(body).slice(0, -1),
          400,
          'MALFORMED_JSON',
        );
        expect(problems).toHaveLength(2);
      });

      it('refuses an unknown field, naming it', async () => {
        const problems = await expectRefused(
          (body) => JSON.stringify({ ...body, ownerId: 'me' }),
          400,
          'VALIDATION_FAILED',
        );
        for (const problem of problems) expect(fieldsOf(problem)).toContain('ownerId');
      });

      it('refuses U+0000 in a string, naming the field', async () => {
        const problems = await expectRefused(
          (body) => JSON.stringify({ ...body, [resource.textField]: 'a\u0000b' }),
          400,
          'VALIDATION_FAILED',
        );
        for (const problem of problems) expect(fieldsOf(problem)).toEqual([resource.textField]);
      });

      it('refuses a lone UTF-16 surrogate in a string, naming the field', async () => {
        // Only a JSON escape can carry one: UTF-8 cannot encode a lone surrogate.
        const problems = await expectRefused(
          (body) => `${JSON.stringify(body).slice(0, -1)},"${resource.textField}":"a\\ud800b"}`,
          400,
          'VALIDATION_FAILED',
        );
        for (const problem of problems) expect(fieldsOf(problem)).toEqual([resource.textField]);
      });

      it('refuses about 20 KB of nested arrays (400 BODY_TOO_COMPLEX)', async () => {
        const problems = await expectRefused(
          (body) => `${JSON.stringify(body).slice(0, -1)},"${resource.textField}":${DEEP_ARRAYS}}`,
          400,
          'BODY_TOO_COMPLEX',
        );
        expect(problems).toHaveLength(2);
      });
    });
  });
}
