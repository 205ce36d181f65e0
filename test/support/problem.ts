import { Response as InjectResponse } from 'light-my-request';

/** Asserts an RFC 9457 problem+json response with this status and code, and no internals. */
export function expectProblem(
  response: InjectResponse,
  status: number,
  code: string,
): Record<string, unknown> {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, unknown>>();
  expect(body).toMatchObject({ status, code, requestId: response.headers['x-request-id'] });
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.instance).toBe('string');
  // Nothing internal: no stack, SQL, file path or library message.
  expect(response.body).not.toMatch(
    /at \w+ \(|SELECT|INSERT|\/var\/|node_modules|QueryFailedError|duplicate key/,
  );
  return body;
}
