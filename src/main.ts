import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { bootstrap } from 'src/bootstrap';

if (existsSync('.env')) process.loadEnvFile('.env');
void bootstrap();
