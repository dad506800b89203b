#!/usr/bin/env node
'use strict';
/**
 * Installs the optional model packs (the ImageNet classifier) from their public sources, verified against the
 * manifest's sha256, into the model folder: TAGPHOTO_MODEL_DIR when set, else <cache>/models.
 * TAGPHOTO_MODEL_MIRROR replaces the public sources with a folder URL holding the same file names.
 * Needs the built library (`npm run models:fetch` builds it first).
 *
 *   node tools/models/fetch-packs.js                 the one command a person runs; exits 1 if a pack failed
 *   node tools/models/fetch-packs.js --when-online   what `npm run build` runs: a short try, never fails the
 *                                                    build, and leaves an operator's TAGPHOTO_MODEL_DIR alone
 */
const path = require('node:path');

const DIST = path.join(__dirname, '..', '..', 'libs', 'tagging', 'dist');
const { MODELS, installMissingPacks } = require(DIST);

/** A person waits for the explicit command; a build on a machine without internet must not wait long. */
const TIMEOUT_MS = { explicit: 120_000, whenOnline: 15_000 };

async function main() {
  const whenOnline = process.argv.includes('--when-online');
  // An operator who names a model folder (CI does) manages it: a build never downloads into it.
  if (whenOnline && process.env.TAGPHOTO_MODEL_DIR) return 0;
  const outcomes = await installMissingPacks(MODELS, {
    timeoutMs: whenOnline ? TIMEOUT_MS.whenOnline : TIMEOUT_MS.explicit,
  });
  let failed = 0;
  for (const pack of outcomes) {
    if (pack.outcome === 'installed') console.error(`${pack.id}: installed ${pack.path} (sha256 verified)`);
    else if (pack.outcome === 'present' && !whenOnline) console.error(`${pack.id}: already installed at ${pack.path}`);
    else if (pack.outcome === 'failed') {
      failed++;
      // Offline, the build stays quiet: the hub says at start what is missing and how to install it.
      if (!whenOnline || pack.refused) console.error(`${pack.id}: not installed: ${pack.reason}`);
    }
  }
  return whenOnline ? 0 : failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`fetch-packs: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
