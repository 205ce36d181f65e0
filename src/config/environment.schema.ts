import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { CONFIG_SECTIONS, ConfigSections } from 'src/config/config-sections';
import { RuntimeVariables } from 'src/config/sections/runtime.config';

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (
  intersection: infer I,
) => void
  ? I
  : never;

type VariablesOf<Section> = Section extends { variables: new () => infer Variables }
  ? Variables
  : never;

/**
 * Every environment variable Ledgerline reads, validated, with its default: the runtime's own
 * and each section's (src/config/sections). `.env.example` and the README list exactly these
 * keys (unit tests keep them in step); nothing else in the code reads process.env.
 */
export type Environment = RuntimeVariables &
  UnionToIntersection<VariablesOf<ConfigSections[keyof ConfigSections]>>;

/** The classes whose class-validator rules together are the boot-time schema. */
export const ENVIRONMENT_SCHEMA: readonly (new () => object)[] = [
  RuntimeVariables,
  ...Object.values(CONFIG_SECTIONS).map((section) => section.variables),
];

export function variableNames(schema: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

/** Every key of the schema, sorted. */
export function environmentKeys(): string[] {
  return ENVIRONMENT_SCHEMA.flatMap(variableNames).sort();
}

/**
 * Reads `source` through every schema class at once: `problems` names every invalid variable
 * (never its value: it may be a secret); the cross-variable rules of the sections run only once
 * each variable is valid on its own.
 */
export function validateEnvironment(
  source: NodeJS.ProcessEnv,
): { env: Environment; problems: [] } | { env: undefined; problems: string[] } {
  const defined = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const problems: string[] = [];
  const parts = ENVIRONMENT_SCHEMA.map((schema) => {
    const own = Object.fromEntries(
      variableNames(schema).flatMap((key) => (key in defined ? [[key, defined[key]]] : [])),
    );
    const part = plainToInstance(schema, own, { exposeDefaultValues: true });
    problems.push(...validateSync(part, { whitelist: false }).flatMap(describeValidationError));
    return part;
  });
  if (problems.length > 0) return { env: undefined, problems };
  const env = Object.assign({}, ...parts) as Environment;
  for (const section of Object.values(CONFIG_SECTIONS)) {
    problems.push(...(section.problems?.(env) ?? []));
  }
  return problems.length > 0 ? { env: undefined, problems } : { env, problems: [] };
}

function describeValidationError(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message : `${error.property}: ${message}`,
  );
}
