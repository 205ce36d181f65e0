import { newUser, TestUser } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

/** Found by the fuzz tier: fields named like Object.prototype members slipped past the whitelist. */
describe('fields named like inherited members', () => {
  let ctx: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    user = await newUser(ctx);
  });

  afterAll(async () => {
    await ctx.close();
  });

  it.each(['toString', 'constructor', 'hasOwnProperty'])(
    'refuses %s in a body as an unknown field',
    async (name) => {
      const response = await ctx.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { ...user.headers, 'content-type': 'application/json' },
        payload: `{"displayName":"Ann","${name}":1}`,
      });
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([
        { field: name, messages: [`property ${name} should not exist`] },
      ]);
    },
  );

  it('refuses one in a query', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/v1/expenses?valueOf=1',
      headers: user.headers,
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
  });
});
