'use strict';

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A whole-word (or phrase), case-insensitive pattern; a space in a phrase also accepts a hyphen or other whitespace.
 * With `plural`, an English plural ending (s, es) is accepted too.
 */
function wordPattern(word, { plural = false } = {}) {
  const body = word
    .trim()
    .split(/[\s-]+/)
    .map(escapeRegExp)
    .join('[\\s-]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${plural ? '(?:s|es)?' : ''}(?![\\p{L}\\p{N}])`, 'iu');
}

module.exports = { wordPattern };
