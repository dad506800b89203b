import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { errorSchema } from '@tagphoto/contracts';
import { z, type ZodObject, type ZodType } from 'zod';

/**
 * The OpenAPI 3.1 schema of a contracts zod schema, so /docs is generated from the same source the API validates
 * with. zod emits JSON Schema 2020-12, which is OpenAPI 3.1's own dialect.
 */
export function openApiSchema(schema: ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return json;
}

/** One documented query parameter per property of the zod object a route validates its query string with. */
export function ApiQueryFrom(schema: ZodObject): MethodDecorator {
  const { properties = {}, required = [] } = openApiSchema(schema, 'input');
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) => {
      const { description, ...parameterSchema } = property as SchemaObject;
      return ApiQuery({ name, required: required.includes(name), schema: parameterSchema, description });
    }),
  );
}

/**
 * Finishes the document Nest builds from the routes' decorators:
 * - contract schemas named with `.meta({ id })` (the image, a review decision…) become `components.schemas` entries:
 *   zod writes each named schema once into the `$defs` of every route schema that holds it, and this moves them to
 *   the document's components, so the document and the typed client generated from it name each shape once;
 * - every operation can answer with the API's one error body (HttpExceptionFilter writes it), the `Error` schema
 *   whose `code` is one of the contracts' ERROR_CODES; typed clients read it as `error`.
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  const shared: Record<string, SchemaObject | ReferenceObject> = { Error: openApiSchema(errorSchema) };
  liftDefinitions(document.paths, shared);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...shared } };
  const errorAnswer = {
    description: 'An error: `code` says which, `message` what was wrong and how to fix it.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const operation = pathItem[method];
      if (operation) operation.responses = { ...operation.responses, default: errorAnswer };
    }
  }
  return document;
}

/**
 * Moves every `$defs` entry below `node` into `shared` and points its `$ref`s at the components. Two definitions of
 * one name must be the same schema (one name used for a schema's input and output shapes would differ): a clear
 * error at boot rather than a document that silently keeps one of them.
 */
function liftDefinitions(node: unknown, shared: Record<string, SchemaObject | ReferenceObject>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) liftDefinitions(item, shared);
    return;
  }
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === 'string') record.$ref = record.$ref.replace(/^#\/\$defs\//, '#/components/schemas/');
  const definitions = record.$defs as Record<string, SchemaObject> | undefined;
  delete record.$defs;
  for (const [name, definition] of Object.entries(definitions ?? {})) {
    liftDefinitions(definition, shared);
    if (name in shared && JSON.stringify(shared[name]) !== JSON.stringify(definition)) {
      throw new Error(`OpenAPI: two different schemas are both named ${name}`);
    }
    shared[name] = definition;
  }
  for (const value of Object.values(record)) liftDefinitions(value, shared);
}
