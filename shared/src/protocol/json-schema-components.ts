import { z } from 'zod';

export type JsonSchema = { [keyword: string]: unknown };
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-7';

export type NamedSchemas = Record<string, z.ZodType>;

/** `$schema` and `$id` belong to a schema document, not to a schema inside an API description. */
function withoutDocumentKeywords(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([keyword]) => keyword !== '$schema' && keyword !== '$id'));
}

/**
 * Converts named zod schemas to the `components.schemas` of an API
 * description: a schema nested in another named one becomes a `$ref` to
 * `<refPrefix><name>`, everything else is inlined. `io: 'input'` describes
 * what a sender may leave out (defaults), `'output'` what a receiver gets.
 */
export function toJsonSchemaComponents(
  schemas: NamedSchemas,
  options: { refPrefix: string; target: JsonSchemaTarget; io: 'input' | 'output' },
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of Object.entries(schemas)) registry.add(schema, { id: name });
  const { schemas: converted } = z.toJSONSchema(registry, {
    target: options.target,
    io: options.io,
    uri: (name) => `${options.refPrefix}${name}`,
  });
  return Object.fromEntries(Object.keys(schemas).map((name) => [name, withoutDocumentKeywords(converted[name] as JsonSchema)]));
}

/** One schema on its own, every nested schema inlined, without the `$schema` line. */
export function toInlineJsonSchema(schema: z.ZodType, options: { target: JsonSchemaTarget; io: 'input' | 'output' }): JsonSchema {
  return withoutDocumentKeywords(z.toJSONSchema(schema, { target: options.target, io: options.io }));
}
