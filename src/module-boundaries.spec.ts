import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * ESLint's Node API, in a child process: it loads eslint.config.mjs with import(), which
 * Jest's CommonJS sandbox does not provide. The code is linted under a path inside a module
 * (it is never written to disk), with only the import rule on, so no type information is
 * needed. Prints, per file, the import paths the rule refused.
 */
const LINT_TEXTS = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map((m) => (m.fatal ? 'fatal: ' + m.message : /'([^']+)'/.exec(m.message)[1])));
}
process.stdout.write(JSON.stringify(results));
`;

async function restrictedImports(
  ...cases: { filePath: string; code: string[] }[]
): Promise<string[][]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      LINT_TEXTS,
      JSON.stringify(cases.map(({ filePath, code }) => ({ filePath, code: code.join('\n') }))),
    ],
    { cwd: join(__dirname, '..') },
  );
  return JSON.parse(stdout) as string[][];
}

const FOREIGN_INTERNALS = [
  "import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';",
  "import { ApiKey } from 'src/modules/auth/api-keys/entities/api-key.entity';",
  "import { FxRateLookup } from 'src/modules/currencies/fx-rate-lookup';",
  "import { TokenResponseDto } from 'src/modules/auth/dto/token-response.dto';",
  'export const used = [ExpensesRepository, ApiKey, FxRateLookup];',
  'export type Used = TokenResponseDto;',
];
const PUBLIC_SURFACE = [
  "import { ExpensesModule } from 'src/modules/expenses/expenses.module';",
  "import { UsersService } from 'src/modules/auth/users/users.service';",
  "import { ExpenseRecord } from 'src/modules/expenses/expense.types';",
  "import { BaseCurrencyChanged } from 'src/modules/auth/users/users.events';",
  "import { SecurityActions } from 'src/modules/audit/audit-actions';",
  "import { demoExpenses } from 'src/modules/demo/demo-expenses';",
  'export const used = [ExpensesModule, UsersService, BaseCurrencyChanged, SecurityActions];',
  'export const own = demoExpenses;',
  'export type Used = ExpenseRecord;',
];
const USER_ENTITY = [
  "import { User } from 'src/modules/auth/users/entities/user.entity';",
  'export const used = [User];',
];
const OTHER_USE_CASE = [
  "import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';",
  "import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';",
  "import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';",
  'export const used = [CategoriesRepository, BudgetsRepository, ExpenseWriter];',
];
const MODULE_IN_PLATFORM = [
  "import { AuditService } from 'src/modules/audit/audit.service';",
  'export const used = [AuditService];',
];

describe('module boundaries (eslint.config.mjs)', () => {
  let refused: string[][];

  beforeAll(async () => {
    refused = await restrictedImports(
      { filePath: 'src/modules/demo/boundary-fixture.ts', code: FOREIGN_INTERNALS },
      { filePath: 'src/modules/demo/boundary-fixture.ts', code: PUBLIC_SURFACE },
      { filePath: 'src/modules/expenses/budgets/entities/fixture.entity.ts', code: USER_ENTITY },
      { filePath: 'src/modules/expenses/budgets/fixture.service.ts', code: USER_ENTITY },
      { filePath: 'src/modules/demo/boundary-fixture.ts', code: USER_ENTITY },
      { filePath: 'src/modules/expenses/budgets/fixture.service.ts', code: OTHER_USE_CASE },
      { filePath: 'src/platform/jobs/fixture.ts', code: MODULE_IN_PLATFORM },
    );
  }, 60_000);

  it("refuses another module's repository, entity, internals and DTOs", () => {
    expect(refused[0]).toEqual([
      'src/modules/expenses/expenses.repository',
      'src/modules/auth/api-keys/entities/api-key.entity',
      'src/modules/currencies/fx-rate-lookup',
      'src/modules/auth/dto/token-response.dto',
    ]);
  });

  it("allows another module's *.module, *.service, *.types and *.events, and its own files", () => {
    expect(refused[1]).toEqual([]);
  });

  it('allows a foreign-key entity only in the entities it is listed for', () => {
    expect(refused[2]).toEqual([]);
    expect(refused[3]).toEqual(['src/modules/auth/users/entities/user.entity']);
    expect(refused[4]).toEqual(['src/modules/auth/users/entities/user.entity']);
  });

  it("keeps a repository inside its own expenses use case; the module's core stays open to them", () => {
    expect(refused[5]).toEqual(['src/modules/expenses/categories/categories.repository']);
  });

  it('keeps modules out of platform/', () => {
    expect(refused[6]).toEqual(['src/modules/audit/audit.service']);
  });
});
