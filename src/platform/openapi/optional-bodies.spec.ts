import { OpenAPIObject } from '@nestjs/swagger';
import { withOptionalBodies } from 'src/platform/openapi/optional-bodies';

const json = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });

function documentWith(requestBody: object): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: { '/things': { patch: { requestBody, responses: {} } } },
    components: {
      schemas: {
        Patch: { type: 'object', properties: { name: { type: 'string' } } },
        Create: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      },
    },
  } as OpenAPIObject;
}

const requiredOf = (document: OpenAPIObject) =>
  (document.paths['/things'].patch!.requestBody as { required?: boolean }).required;

describe('withOptionalBodies', () => {
  it('makes a JSON body optional when its schema requires no property', () => {
    expect(
      requiredOf(withOptionalBodies(documentWith(json({ $ref: '#/components/schemas/Patch' })))),
    ).toBe(false);
  });

  it('keeps a body required when its schema requires a property', () => {
    expect(
      requiredOf(withOptionalBodies(documentWith(json({ $ref: '#/components/schemas/Create' })))),
    ).toBe(true);
  });

  it('keeps bodies of other media types required (a CSV file, a form)', () => {
    const csv = {
      required: true,
      content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
    };
    expect(requiredOf(withOptionalBodies(documentWith(csv)))).toBe(true);
  });
});
