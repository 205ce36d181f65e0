import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

function foldersIn(path: string): string[] {
  return readdirSync(join(ROOT, path), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The part of docs/architecture.md from `## Module map` to the next `## ` heading. */
function moduleMap(): string {
  const page = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const start = page.indexOf('## Module map');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end === -1 ? undefined : end);
}

/** The string array `const NAME = [...]` of eslint.config.mjs (the boundary rule's lists). */
function lintList(name: string): string[] {
  const config = readFileSync(join(ROOT, 'eslint.config.mjs'), 'utf8');
  const list = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(config)?.[1];
  expect(list).toBeDefined();
  return [...(list ?? '').matchAll(/'([^']+)'/g)].map((match) => match[1]).sort();
}

// Folders inside a module that are its layers, not use cases of their own.
const EXPENSES_LAYERS = ['dto', 'entities'];

describe('docs/architecture.md and the boundary rule know every module', () => {
  const modules = foldersIn('src/modules');
  const useCases = foldersIn('src/modules/expenses').filter(
    (name) => !EXPENSES_LAYERS.includes(name),
  );

  it('finds the modules and the expenses use cases', () => {
    expect(modules).toEqual(expect.arrayContaining(['auth', 'expenses']));
    expect(useCases).toEqual(expect.arrayContaining(['budgets', 'categories']));
  });

  it('names every folder under src/modules in the module map', () => {
    const map = moduleMap();
    expect(modules.filter((name) => !map.includes(`- \`${name}/\` — `))).toEqual([]);
  });

  it('names every use-case folder under src/modules/expenses in the module map', () => {
    const map = moduleMap();
    expect(useCases.filter((name) => !map.includes(`- \`expenses/${name}/\` — `))).toEqual([]);
  });

  it('lists every module and use case in the lint boundary rule', () => {
    expect(lintList('MODULES')).toEqual(modules);
    expect(lintList('EXPENSE_USE_CASES')).toEqual(useCases);
  });
});
