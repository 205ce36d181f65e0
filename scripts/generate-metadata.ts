import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import * as ts from 'typescript';

// The package exports its plugin as "@nestjs/swagger/plugin", a subpath TypeScript's node10
// resolution cannot see; the types are those of the file behind it.
type SwaggerPlugin = typeof import('@nestjs/swagger/dist/plugin');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as SwaggerPlugin;

const ROOT = join(__dirname, '..');
const SOURCE = join(ROOT, 'src');
const METADATA_FILE = 'metadata.ts';

/**
 * What the @nestjs/swagger CLI plugin would add at compile time: the project compiles with SWC,
 * which runs no TypeScript plugin, so the plugin's visitor reads the sources here and writes
 * `src/metadata.ts`, loaded with SwaggerModule.loadPluginMetadata() before the document is
 * built. `npm run generate:metadata` (also run before every build and by `npm run openapi`);
 * a unit test fails when the committed file is stale. An argument writes elsewhere (that test).
 */
function main(): void {
  const target = join(process.argv[2] ? resolve(process.argv[2]) : SOURCE, METADATA_FILE);
  // Every build regenerates the file (`npm start` in a test included) while other processes may
  // be importing it: it is replaced in one rename, and only when its content changes.
  const scratch = mkdtempSync(join(tmpdir(), 'ledgerline-metadata-'));
  try {
    generate(scratch);
    const fresh = readFileSync(join(scratch, METADATA_FILE), 'utf8');
    if (existsSync(target) && readFileSync(target, 'utf8') === fresh) return;
    const staged = `${target}.${process.pid}.tmp`;
    writeFileSync(staged, fresh);
    renameSync(staged, target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function generate(outputDir: string): void {
  new PluginMetadataGenerator().generate({
    visitors: [
      new ReadonlyVisitor({
        pathToSource: SOURCE,
        introspectComments: true,
        // Spectral wants a description on every operation; a method's doc comment is one.
        controllerKeyOfComment: 'description',
        classValidatorShim: true,
        // Entities never reach a response (DTOs at the edge): only DTO files are read.
        dtoFileNameSuffix: ['.dto.ts'],
      }),
    ],
    outputDir,
    filename: METADATA_FILE,
    tsProgramRef: sourceProgram(),
    printDiagnostics: false,
  });
}

/** Only the application's sources: tests, scripts and the metadata file itself stay out. */
function sourceProgram(): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.json could not be read');
  const files = parsed.fileNames.filter(
    (file) =>
      file.startsWith(`${SOURCE}/`) &&
      !file.endsWith('.spec.ts') &&
      file !== join(SOURCE, METADATA_FILE),
  );
  return ts.createProgram(files, parsed.options);
}

main();
