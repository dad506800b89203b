#!/usr/bin/env node
/**
 * Validates an OpenAPI document against the OpenAPI Initiative's own JSON Schemas, with an independent validator
 * (@seriousme/openapi-schema-validator), and says which version it is. Exits 1 with the errors when it is invalid.
 *
 *   node tools/openapi/validate-document.mjs [libs/contracts/openapi/tagphoto.openapi.json]
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';

const file = process.argv[2] ?? new URL('../../libs/contracts/openapi/tagphoto.openapi.json', import.meta.url).pathname;
const validator = new Validator();
const { valid, errors } = await validator.validate(JSON.parse(readFileSync(file, 'utf8')));
if (valid) {
  console.log(`valid OpenAPI ${validator.version}: ${file}`);
} else {
  console.error(`invalid OpenAPI ${validator.version}: ${file}\n${JSON.stringify(errors, null, 2)}`);
  process.exitCode = 1;
}
