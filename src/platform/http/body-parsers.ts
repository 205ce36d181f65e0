import { Server } from 'node:http';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppException } from 'src/platform/errors/app.exception';
import { refuseInput } from 'src/platform/validation/input-inspection';

/**
 * The parsed body, or why it is refused. Every body the API takes is an object: `null` or a
 * bare value would otherwise reach the validation pipe, which reads a missing body as `{}` (an
 * empty PATCH). The shape and every string are checked here, before any DTO transformation,
 * so no route can forget it.
 */
function checked(body: unknown): AppException | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return new AppException('VALIDATION_FAILED', 'The body must be a JSON object', {
      errors: [{ field: 'body', messages: ['body must be an object'] }],
    });
  }
  return refuseInput(body, 'body');
}

/**
 * Form fields as the OAuth2 token endpoint receives them: repeated names become arrays, and
 * the object has no prototype, so `__proto__` is an ordinary (and refused) name.
 */
function parseForm(text: string): Record<string, string | string[]> | AppException {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === '__proto__') {
      return new AppException('BAD_REQUEST', 'Object contains forbidden prototype property');
    }
    const previous = fields[name];
    fields[name] =
      previous === undefined
        ? value
        : Array.isArray(previous)
          ? [...previous, value]
          : [previous, value];
  }
  return fields;
}

/**
 * The JSON and form parsers of every route, in place of the ones Nest would register: the
 * same parsing (Fastify's own JSON parser, with its prototype-poisoning checks), then one
 * inspection of what was parsed.
 */
export function installBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );

  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    void parseJson(request, body as unknown as string, (error, parsed) => {
      if (error) {
        done(error, undefined);
        return;
      }
      const refusal = checked(parsed);
      if (refusal) done(refusal, undefined);
      else done(null, parsed);
    });
  });

  app.useBodyParser<Server>(
    'application/x-www-form-urlencoded',
    { bodyLimit },
    (_request, body, done) => {
      const parsed = parseForm(body.toString('utf8'));
      const refusal = parsed instanceof AppException ? parsed : checked(parsed);
      if (refusal) done(refusal, undefined);
      else done(null, parsed);
    },
  );
}
