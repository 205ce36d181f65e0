import { ModuleMetadata, Type } from '@nestjs/common';

/** Where a command writes: results to `out` (stdout), problems to `err` (stderr). */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** A command's behaviour: a provider, resolved from an application context built for it. */
export interface CliCommand {
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(args: readonly string[], output: CliOutput): Promise<number>;
}

/**
 * A command as `npm run cli -- <name>` knows it. The context holds the platform (config,
 * database, clock) plus `imports`, and `command` as a provider; no HTTP server, no jobs.
 */
export interface CliCommandDefinition {
  /** `<module>:<verb>`, e.g. `audit:verify`. */
  name: string;
  description: string;
  /** The arguments after the name, for the help text, e.g. `[--json]`. */
  usage?: string;
  imports: NonNullable<ModuleMetadata['imports']>;
  command: Type<CliCommand>;
}
