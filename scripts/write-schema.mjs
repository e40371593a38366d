#!/usr/bin/env node
// Writes docs/scenario.schema.json from the code's schema (src/scenario/schema.ts), compiled to
// dist/ (or the directory given as the first argument). `npm run schema` builds first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const dist = process.argv[2] ?? 'dist';
const { scenarioSchemaJson } = await import(pathToFileURL(join(root, dist, 'src', 'scenario', 'schema.js')).href);
writeFileSync(join(root, 'docs', 'scenario.schema.json'), scenarioSchemaJson());
console.log('wrote docs/scenario.schema.json');
