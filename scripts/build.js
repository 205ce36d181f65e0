'use strict';

// `npm run build`: compiles src/ and migrations/ into dist/ with SWC, rebuilding only what
// changed since the last build, so a warm `npm start` starts the app instead of the whole build.
//
// - src/metadata.ts (the @nestjs/swagger plugin's output) is regenerated only when a file the
//   plugin visits changed (DTOs and controllers, see generate-metadata.ts) or the generator did:
//   it builds a TypeScript program of the whole tree, the slowest step by far. A type a DTO
//   takes from elsewhere is named by reference there, not copied; the metadata unit test and
//   `npm run openapi` (which always regenerates) catch the rest.
// - A file is compiled when its output is missing or older than the source; a change to .swcrc
//   or to the installed SWC recompiles everything, as does a fresh clone (no dist/).
// - Outputs whose source is gone are deleted: a removed migration must not keep running.
//
// Plain JavaScript on purpose: loading a TypeScript register costs more than a warm build.

const { execFileSync } = require('node:child_process');
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { dirname, join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const SOURCE_DIRS = ['src', 'migrations'];
const STAMP = join(DIST, '.build-stamp.json');
const METADATA = join(ROOT, 'src', 'metadata.ts');

function walk(dir, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else found.push(path);
  }
  return found;
}

const isSource = (path) => path.endsWith('.ts') && !path.endsWith('.d.ts');
const outputOf = (source) => join(DIST, relative(ROOT, source)).replace(/\.ts$/, '.js');
const mtime = (path) => statSync(path).mtimeMs;

/** What else decides the output of every file: the SWC options and the SWC build. */
function toolchainSignature() {
  const swcVersion = JSON.parse(
    readFileSync(join(ROOT, 'node_modules', '@swc', 'core', 'package.json'), 'utf8'),
  ).version;
  return { swcrc: readFileSync(join(ROOT, '.swcrc'), 'utf8'), swcVersion };
}

/** The inputs of src/metadata.ts: the files the plugin visits, and the generator itself. */
function metadataSignature(sources) {
  const inputs = sources
    .filter((path) => path.startsWith(join(ROOT, 'src')))
    .filter((path) => path.endsWith('.dto.ts') || path.endsWith('.controller.ts'))
    .concat(join(ROOT, 'scripts', 'generate-metadata.ts'));
  return inputs
    .map((path) => `${relative(ROOT, path)}:${statSync(path).size}:${mtime(path)}`)
    .sort()
    .join('\n');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

function runNodeScript(args) {
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
}

function main() {
  const stamp = readStamp();
  const toolchain = toolchainSignature();
  const sameToolchain =
    stamp !== undefined &&
    stamp.toolchain.swcrc === toolchain.swcrc &&
    stamp.toolchain.swcVersion === toolchain.swcVersion;

  let sources = SOURCE_DIRS.flatMap((dir) => walk(join(ROOT, dir))).filter(isSource);
  const metadataInputs = metadataSignature(sources);
  if (!sameToolchain || stamp.metadataInputs !== metadataInputs || !existsSync(METADATA)) {
    runNodeScript(['-r', '@swc-node/register', join('scripts', 'generate-metadata.ts')]);
    sources = SOURCE_DIRS.flatMap((dir) => walk(join(ROOT, dir))).filter(isSource);
  }

  const stale = sameToolchain
    ? sources.filter((source) => {
        const output = outputOf(source);
        return !existsSync(output) || mtime(output) < mtime(source);
      })
    : sources;

  const expected = new Set(sources.map(outputOf));
  for (const dir of SOURCE_DIRS) {
    for (const output of walk(join(DIST, dir))) {
      const js = output.replace(/\.map$/, '');
      if (js.endsWith('.js') && !expected.has(js)) rmSync(output, { force: true });
    }
  }

  if (stale.length > 0) {
    const swc = join(ROOT, 'node_modules', '@swc', 'cli', 'bin', 'swc.js');
    const targets = sameToolchain ? stale.map((path) => relative(ROOT, path)) : SOURCE_DIRS;
    // The command line stays well below the kernel's limit for the few files a change touches;
    // past a few hundred the whole tree is as quick.
    const args = targets.length > 300 ? SOURCE_DIRS : targets;
    runNodeScript([swc, ...args, '-d', 'dist', '--config-file', '.swcrc', '--quiet']);
  }

  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ toolchain, metadataInputs: metadataSignature(sources) }));
  if (process.env.BUILD_VERBOSE) {
    process.stdout.write(`build: ${stale.length} of ${sources.length} files compiled\n`);
  }
}

main();
