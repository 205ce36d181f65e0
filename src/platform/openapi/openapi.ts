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

/**
 * Tag names are the lower-case, hyphenated name of the resource (as in its path); a test keeps
 * them so. Descriptions of the tags controllers use (`@ApiTags`); a tag missing here still gets
 * listed.
 */
export const TAG_STYLE = /^[a-z]+(?:-[a-z]+)*$/;
const TAG_DESCRIPTIONS: Record<string, string> = {
  health: 'Liveness, readiness and status probes, outside the versioned API',
};

/** The order a new user meets them in: log in first; operators' tags last; others after. */
const TAG_ORDER = [
  'auth',
  'me',
  'expenses',
  'expense-categories',
  'budgets',
  'recurring-expenses',
  'expense-summaries',
  'expense-imports',
  'api-keys',
  'audit',
  'admin',
  'health',
];

const ERROR_CODE_TABLE = Object.entries(ERROR_CATALOGUE)
  .map(([code, { status, title }]) => `| \`${code}\` | ${status} | ${title} |`)
  .join('\n');

/**
 * The first screen of the docs page is what a new user reads: how to log in, not the error
 * catalogue, which lives with the error schema under "Schemas", below the operations.
 */
const API_DESCRIPTION =
  'What a person owns and what they spend.\n\n' +
  '**Start here:** "Authorize" logs in with an email and password (the demo account is ' +
  'printed at the first start of a development server), then "Try it out" on any operation.\n\n' +
  'Errors are RFC 9457 `application/problem+json` with a stable `code`; every code, its ' +
  'status and title are listed with the `ProblemDetailsDto` schema under "Schemas" at the ' +
  'end of this page.';

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Ledgerline API')
    .setDescription(API_DESCRIPTION)
    .setVersion('1');
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) builder.addSecurity(name, scheme);
  const config = builder.build();
  // Whoever runs an instance answers for it; the document names no address of its own.
  config.info.contact = { name: 'The operator of this Ledgerline instance' };
  const document = app
    .get(RawRouteDocs)
    .addTo(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] }));
  return withErrorCatalogue(
    withoutOptionalParameterExamples(
      withOptionalBodies(
        withAccessNotes(withSummaries(withDeclaredTags(documentProblemResponses(document)))),
      ),
    ),
  );
}

/** The code -> status table, on the schema every error response refers to. */
function withErrorCatalogue(document: OpenAPIObject): OpenAPIObject {
  const schema = document.components?.schemas?.[ProblemDetailsDto.name] as
    { description?: string } | undefined;
  if (schema) {
    schema.description =
      'The RFC 9457 body of every error response. `code` is one of:\n\n' +
      `| code | status | title |\n| --- | --- | --- |\n${ERROR_CODE_TABLE}`;
  }
  return document;
}

/**
 * Swagger UI's "Try it out" fills every parameter's example in, and "Execute" sends it: an
 * optional filter with an example (`currency=USD`) silently narrows the first list a user
 * runs. The example of an optional parameter is said in its description instead.
 */
function withoutOptionalParameterExamples(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { parameters?: ParameterLike[] }[]) {
      for (const parameter of operation?.parameters ?? []) {
        if (parameter.required || !('in' in parameter)) continue;
        const example = parameter.example ?? parameter.schema?.example;
        delete parameter.example;
        delete parameter.examples;
        if (parameter.schema) delete parameter.schema.example;
        if (example === undefined) continue;
        const words = `For example \`${typeof example === 'string' ? example : JSON.stringify(example)}\`.`;
        const said = parameter.description?.trim().replace(/([^.!?])$/, '$1.');
        parameter.description = [said, words].filter(Boolean).join(' ');
      }
    }
  }
  return document;
}

interface ParameterLike {
  in?: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  examples?: unknown;
  schema?: { example?: unknown };
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
  const rank = (name: string): number => {
    const index = TAG_ORDER.indexOf(name);
    return index === -1 ? TAG_ORDER.length : index;
  };
  const ordered = [...used].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of ordered) {
    if (!declared.has(name)) declared.set(name, { name, description: TAG_DESCRIPTIONS[name] });
  }
  document.tags = [...declared.values()];
  return document;
}

/**
 * Swagger UI's password-flow dialog always asks for a client id, a client secret and where to
 * send them (it has no option to leave them out); Ledgerline's token endpoint takes neither,
 * so those rows are hidden and the dialog asks for the username and password only.
 */
export const PASSWORD_FLOW_ONLY_CSS = [
  '.auth-container .wrapper:has(> label[for="password_type"])',
  '.auth-container .wrapper:has(> label[for="client_id_password"])',
  '.auth-container .wrapper:has(> label[for="client_secret_password"])',
  // The note on choosing scopes, when no scope is offered.
  '.dialog-ux .scope-def',
]
  .join(',\n')
  .concat(' { display: none; }');

/** Swagger UI at /api/docs and the document at /api/docs-json. */
export function mountOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    useGlobalPrefix: false,
    customCss: PASSWORD_FLOW_ONLY_CSS,
  });
}
