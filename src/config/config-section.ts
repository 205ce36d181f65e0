import type { Environment } from 'src/config/environment.schema';

/** What a section may ask of the composition while it builds its typed part. */
export interface SectionBuildContext {
  /**
   * A random secret for `name` when none is configured outside production. Only lives as long
   * as the process unless boot persists it (see development-secrets.ts).
   */
  generatedSecret(name: string): string;
}

/**
 * One concern of the configuration: the environment variables it reads (a class-validator
 * class whose property defaults are the documented defaults), how it turns them into its typed
 * part of AppConfig, the rules that span variables, and what of it may be logged.
 *
 * `build` and `problems` see the whole validated environment, so a section may read another
 * section's variable (the public URL's default follows PORT) without a second schema.
 */
export interface ConfigSection<Variables extends object, Section> {
  readonly variables: new () => Variables;
  build(env: Environment, context: SectionBuildContext): Section;
  /** Rules beyond one variable's own, run once every variable is valid. */
  problems?(env: Environment): string[];
  /** The section as it may be logged; omitted when nothing in it is secret. */
  redact?(section: Section): unknown;
}
