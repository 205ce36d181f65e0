import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import ts from 'typescript';

export const PROJECT_ROOT = join(__dirname, '..', '..', '..');

export interface RepositorySource {
  /** Relative to the project, e.g. `src/modules/expenses/expenses.repository.ts`. */
  file: string;
  /** `expenses.repository`: the name of its snapshot, `src/queries/<name>.sql`. */
  name: string;
  className: string;
  /** Public methods in source order (no constructor, no private or protected ones). */
  methods: string[];
}

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return repositoryFiles(path);
    return entry.name.endsWith('.repository.ts') ? [path] : [];
  });
}

function isPublic(member: ts.ClassElement): boolean {
  const flags = ts.getCombinedModifierFlags(member);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) {
    return false;
  }
  return !(member.name && ts.isPrivateIdentifier(member.name));
}

/**
 * Every repository class under src/modules and src/platform, read from the source (not the
 * prototype, which also holds the private helpers): a new repository or a new public method
 * shows here without anyone listing it.
 */
export function findRepositories(): RepositorySource[] {
  const files = ['modules', 'platform'].flatMap((dir) =>
    repositoryFiles(join(PROJECT_ROOT, 'src', dir)),
  );
  return files.sort().flatMap((path) => {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
    return source.statements.filter(ts.isClassDeclaration).map((declaration) => ({
      file: relative(PROJECT_ROOT, path),
      name: basename(path, '.ts'),
      className: declaration.name?.text ?? '(anonymous)',
      methods: declaration.members
        .filter((member) => ts.isMethodDeclaration(member) && isPublic(member))
        .map((member) => (member.name as ts.Identifier).text),
    }));
  });
}
