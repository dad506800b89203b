import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { finishDocument, openApiSchema } from './openapi';

const thing = z.object({ name: z.string() }).meta({ id: 'SpecThing' });

function documentWith(...schemas: object[]): OpenAPIObject {
  return {
    openapi: '3.1.0',
    info: { title: 'spec', version: '1' },
    paths: Object.fromEntries(
      schemas.map((schema, index) => [
        `/route-${index}`,
        { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } } },
      ]),
    ),
  };
}

const answerSchema = (document: OpenAPIObject, path: string): unknown =>
  (document.paths[path].get?.responses[200] as { content: Record<string, { schema: unknown }> }).content[
    'application/json'
  ].schema;

describe('finishDocument', () => {
  it('makes a named contract schema one component that every route holding it refers to', () => {
    const document = finishDocument(
      documentWith(openApiSchema(thing), openApiSchema(z.object({ items: z.array(thing) }))),
    );
    expect(document.components?.schemas?.SpecThing).toMatchObject({ properties: { name: { type: 'string' } } });
    expect(answerSchema(document, '/route-0')).toEqual({ $ref: '#/components/schemas/SpecThing' });
    expect(answerSchema(document, '/route-1')).toMatchObject({
      properties: { items: { items: { $ref: '#/components/schemas/SpecThing' } } },
    });
    expect(JSON.stringify(document.paths)).not.toContain('$defs');
  });

  it('refuses two different schemas under one name instead of keeping one of them', () => {
    const other = { $ref: '#/$defs/SpecThing', $defs: { SpecThing: { type: 'number' } } };
    expect(() => finishDocument(documentWith(openApiSchema(thing), other))).toThrow(
      'two different schemas are both named SpecThing',
    );
  });

  it('gives every operation the one error answer', () => {
    const document = finishDocument(documentWith(openApiSchema(thing)));
    expect(document.paths['/route-0'].get?.responses.default).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
  });
});
