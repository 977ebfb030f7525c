import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchemaTarget } from '@tasklane/shared/protocol/json-schema-components';

const DOCUMENT_ID = 'document';

/**
 * The schemas inside an API description (docs/openapi.json, docs/asyncapi.yaml) compiled by ajv, `$ref`s
 * resolved within the document: `draft-2020-12` for OpenAPI 3.1, `draft-7` for AsyncAPI payloads. The returned
 * function checks `value` against the schema at the JSON pointer `pointer` and answers ajv's errors, or
 * undefined when it matches.
 */
export function documentValidator(document: object, dialect: JsonSchemaTarget): (pointer: string, value: unknown) => string | undefined {
  const options = { strict: false, allErrors: true };
  const ajv = dialect === 'draft-7' ? new Ajv(options) : new Ajv2020(options);
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  return (pointer, value) => {
    const validate = ajv.getSchema(`${DOCUMENT_ID}#${pointer}`);
    if (!validate) throw new Error(`the document has no schema at ${pointer}`);
    return validate(value) ? undefined : ajv.errorsText(validate.errors);
  };
}
