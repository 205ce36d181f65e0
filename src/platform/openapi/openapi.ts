import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_CATALOGUE } from 'src/platform/errors/error-catalogue';
import { ProblemDetailsDto } from 'src/platform/openapi/problem-details.dto';
import { withOptionalBodies } from 'src/platform/openapi/optional-bodies';
import { documentProblemResponses } from 'src/platform/openapi/problem-responses';
import { RawRouteDocs } from 'src/platform/openapi/raw-routes';
import { SECURITY_SCHEMES } from 'src/platform/openapi/security-schemes';
import {
  REQUIRED_ROLES_EXTENSION,
  REQUIRED_SCOPES_EXTENSION,
} from 'src/platform/security/access.decorators';

export const DOCS_PATH = 'api/docs';

/** Swagger UI loads its own scripts and inline styles; the strict API policy would block it. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Descriptions of the tags controllers use (`@ApiTags`); a tag missing here still gets listed. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  Health: 'Liveness, readiness and status probes, outside the versioned API',
};

const ERROR_CODE_TABLE = Object.entries(ERROR_CATALOGUE)
  .map(([code, { status, title }]) => `| \`${code}\` | ${status} | ${title} |`)
  .join('\n');

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Ledgerline API')
    .setDescription(
      'What a person owns and what they spend.\n\n' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`:\n\n' +
        `| code | status | title |\n| --- | --- | --- |\n${ERROR_CODE_TABLE}`,
    )
    .setVersion('1');
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) builder.addSecurity(name, scheme);
  const config = builder.build();
  // Whoever runs an instance answers for it; the document names no address of its own.
  config.info.contact = { name: 'The operator of this Ledgerline instance' };
  const document = app
    .get(RawRouteDocs)
    .addTo(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] }));
  return withOptionalBodies(
    withAccessNotes(withSummaries(withDeclaredTags(documentProblemResponses(document)))),
  );
}

/** An operation without a summary gets the first sentence of its description (Swagger UI's one-liner). */
function withSummaries(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { summary?: string; description?: string }[]) {
      if (!operation || typeof operation !== 'object' || operation.summary) continue;
      const sentence = /^[^.:]+/.exec(operation.description ?? '')?.[0];
      if (sentence) operation.summary = sentence.replace(/\s+/g, ' ').trim();
    }
  }
  return document;
}

/**
 * Who may call an operation, said in its description where Swagger UI shows it: the roles it
 * is limited to, and the scope an API key needs (or that keys may not call it at all).
 */
function withAccessNotes(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as AccessAnnotated[]) {
      if (!operation?.security?.length) continue;
      const roles = operation[REQUIRED_ROLES_EXTENSION];
      const scopes = operation[REQUIRED_SCOPES_EXTENSION];
      const notes = [
        roles ? `Only for: ${roles.join(', ')}.` : undefined,
        scopes
          ? `API keys need the scope ${scopes.map((scope) => `\`${scope}\``).join(', ')}.`
          : 'Not available to API keys.',
      ].filter(Boolean);
      operation.description = [operation.description, notes.join(' ')].filter(Boolean).join('\n\n');
    }
  }
  return document;
}

interface AccessAnnotated {
  description?: string;
  security?: unknown[];
  [REQUIRED_ROLES_EXTENSION]?: string[];
  [REQUIRED_SCOPES_EXTENSION]?: string[];
}

/** Every tag an operation uses is declared at the top, with its description when we have one. */
function withDeclaredTags(document: OpenAPIObject): OpenAPIObject {
  const used = new Set(
    Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation: { tags?: string[] }) => operation?.tags ?? []),
    ),
  );
  const declared = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  for (const name of [...used].sort()) {
    if (!declared.has(name)) declared.set(name, { name, description: TAG_DESCRIPTIONS[name] });
  }
  document.tags = [...declared.values()];
  return document;
}

/** Swagger UI at /api/docs and the document at /api/docs-json. */
export function mountOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    useGlobalPrefix: false,
  });
}
