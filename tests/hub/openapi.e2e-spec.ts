import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import createClient, { type Middleware } from 'openapi-fetch';
import type { ApiPaths } from '@tagphoto/contracts';
import { REPO_ROOT } from '../support/hub';
import { HubProcess, startHubProcess } from '../support/hub-process';

/** The generator and validator are ESM-based Node scripts: run as the developer runs them, outside jest's VM. */
const run = promisify(execFile);

interface OpenApiDocument {
  openapi: string;
  components: { schemas: Record<string, object> };
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}

/** The schema with each `#/components/schemas/…` reference replaced by the component, for a validator of plain JSON Schema. */
function inlined(schema: unknown, components: Record<string, object>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlined(item, components));
  if (typeof schema !== 'object' || schema === null) return schema;
  const { $ref } = schema as { $ref?: unknown };
  if (typeof $ref === 'string' && $ref.startsWith('#/components/schemas/')) {
    return inlined(components[$ref.slice('#/components/schemas/'.length)], components);
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inlined(value, components)]));
}

/** Each answer the typed client received: the documented route it called, and what came back. */
interface Exchange {
  method: string;
  route: string;
  status: number;
  body: unknown;
}

describe('the OpenAPI document and the typed client generated from it', () => {
  let dataDir: string;
  let hub: HubProcess;
  let served: OpenApiDocument;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-openapi-'));
    hub = await startHubProcess({ TAGPHOTO_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    served = (await (await fetch(`${hub.url}/docs-json`)).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await hub?.stop('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is OpenAPI 3.1 and passes an independent validator of the OpenAPI Initiative schemas', async () => {
    expect(served.openapi).toBe('3.1.0');
    const { stdout } = await run(process.execPath, [
      join(REPO_ROOT, 'tools/openapi/validate-document.mjs'),
      join(REPO_ROOT, 'libs/contracts/openapi/tagphoto.openapi.json'),
    ]);
    expect(stdout).toContain('valid OpenAPI 3.1');
  });

  it('is the document committed in libs/contracts (else: npm run openapi)', async () => {
    const servedFile = join(dataDir, 'served.openapi.json');
    await writeFile(servedFile, JSON.stringify(served));
    const { stdout } = await run(process.execPath, [
      join(REPO_ROOT, 'tools/openapi/generate-client.js'),
      '--check',
      servedFile,
    ]);
    expect(stdout).toContain('up to date');
  });

  it('describes what the hub really answers: each status and body the typed client receives is documented', async () => {
    const exchanges: Exchange[] = [];
    const recorder: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        const text = await response.clone().text();
        exchanges.push({
          method: request.method.toLowerCase(),
          route: schemaPath,
          status: response.status,
          body: text ? JSON.parse(text) : undefined,
        });
      },
    };
    const client = createClient<ApiPaths>({ baseUrl: hub.url });
    client.use(recorder);
    const credentials = { email: 'typed-client@example.test', password: 'a long enough password' };

    expect((await client.POST('/v1/auth/signup', { body: credentials })).response.status).toBe(202);
    const login = await client.POST('/v1/auth/login', { body: credentials });
    expect(login.data?.email).toBe(credentials.email);
    const cookie = login.response.headers.getSetCookie()[0].split(';')[0];
    const session = createClient<ApiPaths>({ baseUrl: hub.url, headers: { cookie } });
    session.use(recorder);

    const key = await session.POST('/v1/api-keys', { body: { name: 'typed client' } });
    expect(key.data?.key).toMatch(/^tpk_/);
    const keyed = createClient<ApiPaths>({ baseUrl: hub.url, headers: { authorization: `Bearer ${key.data!.key}` } });
    keyed.use(recorder);

    expect((await keyed.GET('/v1/images', { params: { query: { limit: 5 } } })).data).toEqual({
      items: [],
      nextCursor: null,
    });
    const missing = await keyed.GET('/v1/images/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toEqual(expect.any(String));
    const privacy = await session.GET('/v1/account/privacy');
    expect(privacy.data?.retention).toBeDefined();
    const { retention, marketingOptOut } = privacy.data!;
    expect(
      (await session.PUT('/v1/account/privacy', { body: { retention, marketingOptOut, analyticsOptOut: true } })).data
        ?.analyticsOptOut,
    ).toBe(true);
    expect((await session.GET('/v1/api-keys')).data).toHaveLength(1);
    expect((await session.GET('/v1/audit-events')).response.status).toBe(200);
    expect((await session.POST('/v1/auth/logout')).response.status).toBe(204);
    expect((await session.GET('/v1/auth/me')).response.status).toBe(401);

    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    const withComponents = (schema: object) => inlined(schema, served.components.schemas) as object;
    const undocumented = exchanges.flatMap(({ method, route, status, body }) => {
      const responses = served.paths[route]?.[method]?.responses;
      const documented = responses?.[String(status)] ?? (status >= 400 ? responses?.default : undefined);
      if (!documented) return [`${method.toUpperCase()} ${route} answered ${status}, which the document does not list`];
      if (body === undefined) return [];
      const schema = documented.content?.['application/json']?.schema;
      if (!schema) return [`${method.toUpperCase()} ${route} ${status} has a body the document does not describe`];
      const validate = ajv.compile(withComponents(schema));
      return validate(body) ? [] : [`${method.toUpperCase()} ${route} ${status}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(undocumented).toEqual([]);
    expect(exchanges).toHaveLength(11);
  });
});
