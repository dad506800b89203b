'use strict';

const APOSTROPHES = /['’]/g;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A whole-word (or phrase), case-insensitive pattern; a space in a phrase also accepts a hyphen or other whitespace,
 * and an apostrophe may stand or not ("jack-o-lantern" is the engine's "jack-o'-lantern", and the other way round).
 * With `plural`, an English plural ending (s, es) is accepted too.
 */
function wordPattern(word, { plural = false } = {}) {
  const body = word
    .trim()
    .replace(APOSTROPHES, '')
    .split(/[\s-]+/)
    .map((part) => [...part].map(escapeRegExp).join("['’]?"))
    .join("['’]?[\\s-]+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${plural ? '(?:s|es)?' : ''}(?![\\p{L}\\p{N}])`, 'iu');
}

module.exports = { wordPattern };
