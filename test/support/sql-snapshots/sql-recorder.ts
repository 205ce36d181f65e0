import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** Transaction control the harness itself issues around every call; never part of a snapshot. */
const TRANSACTION_CONTROL =
  /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b/i;

/**
 * Every line trimmed, blank lines dropped: the statement as written, without the indentation
 * of the template literal it lives in (so re-indenting a repository changes no snapshot).
 */
export function normaliseSql(sql: string): string {
  return sql
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Records the text of every statement TypeORM sends through a PostgreSQL query runner —
 * `manager.query`, query builders, `find*` and streams alike — while `record` runs. Parameters
 * are not recorded: they are bound, and the text is what a reviewer reads.
 */
export class SqlRecorder {
  private statements: string[] | undefined;
  private readonly restore: (() => void)[] = [];

  install(): void {
    const prototype = PostgresQueryRunner.prototype;
    for (const name of ['query', 'stream'] as const) {
      const original = prototype[name] as (
        this: PostgresQueryRunner,
        ...args: unknown[]
      ) => unknown;
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the patched method needs both `this`es
      const recorder = this;
      prototype[name] = function (this: PostgresQueryRunner, ...args: unknown[]) {
        recorder.capture(args[0]);
        return original.apply(this, args);
      } as never;
      this.restore.push(() => {
        prototype[name] = original as never;
      });
    }
  }

  uninstall(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  async record(work: () => Promise<unknown>): Promise<{ statements: string[]; error?: unknown }> {
    const statements: string[] = [];
    this.statements = statements;
    try {
      await work();
      return { statements };
    } catch (error) {
      return { statements, error };
    } finally {
      this.statements = undefined;
    }
  }

  private capture(sql: unknown): void {
    if (!this.statements || typeof sql !== 'string') return;
    const text = normaliseSql(sql);
    if (!TRANSACTION_CONTROL.test(text)) this.statements.push(text);
  }
}
