import { OpenAPIObject } from '@nestjs/swagger';

interface BodyObject {
  required?: boolean;
  content?: Record<string, { schema?: { $ref?: string; required?: string[]; type?: string } }>;
}

/**
 * A JSON body whose schema requires no property is optional, as the API reads it: the
 * validation pipe takes an absent body for `{}` (a PATCH that changes nothing, a refresh whose
 * token is in its cookie). @nestjs/swagger marks every `@Body()` required, so clients were told
 * to send a body the API never needed.
 */
export function withOptionalBodies(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, { required?: string[] }>;
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { requestBody?: BodyObject }[]) {
      const body = operation?.requestBody;
      if (!body?.required || !body.content) continue;
      const media = Object.entries(body.content);
      const optional = media.every(([type, { schema }]) => {
        if (type !== 'application/json' || !schema) return false;
        const resolved = schema.$ref
          ? schemas[schema.$ref.replace('#/components/schemas/', '')]
          : schema;
        return resolved !== undefined && (resolved.required ?? []).length === 0;
      });
      if (optional) body.required = false;
    }
  }
  return document;
}
