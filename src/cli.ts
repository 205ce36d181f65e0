import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { runCli } from 'src/cli/run-cli';

if (existsSync('.env')) process.loadEnvFile('.env');
void runCli(process.argv.slice(2), process.env).then((code) => process.exit(code));
