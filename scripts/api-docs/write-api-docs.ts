import fs from 'node:fs';
import path from 'node:path';
import { apiDocFiles } from './api-doc-files';

/** `npm run api-docs`: writes docs/openapi.json and docs/asyncapi.yaml; run from the repository root. */
for (const file of apiDocFiles()) {
  fs.writeFileSync(path.resolve(file.path), file.text);
  process.stdout.write(`wrote ${file.path}\n`);
}
