import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';

export class ImportsVariables {
  /**
   * Largest CSV file an expense import accepts, in bytes. Separate from HTTP_BODY_LIMIT_BYTES:
   * the file is streamed, never held whole as a request body.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 20 * 1024 * 1024;

  /** Most data rows one expense import may have. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  IMPORT_MAX_ROWS = 100_000;
}

export interface ImportsConfig {
  /** Largest CSV upload, in bytes. */
  maxBytes: number;
  /** Most data rows in one file. */
  maxRows: number;
}

export const importsSection: ConfigSection<ImportsVariables, ImportsConfig> = {
  variables: ImportsVariables,
  build: (env) => ({ maxBytes: env.IMPORT_MAX_BYTES, maxRows: env.IMPORT_MAX_ROWS }),
};
