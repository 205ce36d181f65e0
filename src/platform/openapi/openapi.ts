import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_CATALOGUE } from 'src/platform/errors/error-catalogue';
import { ProblemDetailsDto } from 'src/platform/openapi/problem-details.dto';

export const DOCS_PATH = 'api/docs';

/** Swagger UI loads its own scripts and inline styles; the strict API policy would block it. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

const ERROR_CODE_TABLE = Object.entries(ERROR_CATALOGUE)
  .map(([code, { status, title }]) => `| \`${code}\` | ${status} | ${title} |`)
  .join('\n');

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ledgerline API')
    .setDescription(
      'What a person owns and what they spend.\n\n' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`:\n\n' +
        `| code | status | title |\n| --- | --- | --- |\n${ERROR_CODE_TABLE}`,
    )
    .setVersion('1')
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] });
}

/** Swagger UI at /api/docs and the document at /api/docs-json. */
export function mountOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    useGlobalPrefix: false,
  });
}
