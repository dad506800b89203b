import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
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
 * Every operation can answer with the API's one error body (HttpExceptionFilter writes it), the `Error` schema whose
 * `code` is one of the contracts' ERROR_CODES; typed clients read it as `error`.
 */
export function documentErrorAnswers(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: openApiSchema(errorSchema) },
  };
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
