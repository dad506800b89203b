// PGlite's CommonJS build loads Node built-ins with `await import("fs")`, which Jest's CommonJS runtime rejects
// without --experimental-vm-modules; rewrite those (and only those: string-literal built-ins) to require().
'use strict';

const { builtinModules } = require('node:module');
const { createHash } = require('node:crypto');

const DYNAMIC_BUILTIN_IMPORT = /\bimport\(\s*"([a-z_/:]+)"\s*\)/g;
const VERSION = '2';
// The Emscripten glue declares its own `var require`, so the rewritten calls use an alias taken at file scope.
const REQUIRE_ALIAS = '__pgliteBuiltinRequire';

module.exports = {
  process(source) {
    const body = source.replace(DYNAMIC_BUILTIN_IMPORT, (call, name) =>
      builtinModules.includes(name.replace(/^node:/, '')) ? `Promise.resolve(${REQUIRE_ALIAS}("${name}"))` : call,
    );
    return { code: `var ${REQUIRE_ALIAS} = require;${body}` };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(VERSION).update(filename).update(source).digest('hex');
  },
};
