import fs from 'node:fs';
import path from 'node:path';
import { printGraphqlSchema, SCHEMA_FILE } from './print-schema';

/** `npm run graphql-schema`: writes docs/schema.graphql; run from the repository root. */
fs.writeFileSync(path.resolve(SCHEMA_FILE), printGraphqlSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
