import { decideAfterTagging, decideExpired } from './retention-decision';

const DAY = 24 * 60 * 60 * 1000;
const finishedAt = new Date('2026-02-01T10:00:00Z');
const later = (days: number) => new Date(finishedAt.getTime() + days * DAY);

describe('decideAfterTagging', () => {
  it('deletes the bytes right after tagging when the owner keeps nothing, and dates nothing', () => {
    expect(decideAfterTagging({ mode: 'delete_after_processing' }, { stored: true, finishedAt })).toEqual({
      deleteBytesNow: true,
      expiresAt: null,
    });
  });

  it('deletes the bytes of an image sent with store=false at once, whatever the setting', () => {
    expect(decideAfterTagging({ mode: 'keep' }, { stored: false, finishedAt })).toEqual({
      deleteBytesNow: true,
      expiresAt: null,
    });
  });

  it('dates the bytes N days out under a day limit, keeping them until then', () => {
    expect(decideAfterTagging({ mode: 'days', days: 7, deleteResults: false }, { stored: true, finishedAt })).toEqual({
      deleteBytesNow: false,
      expiresAt: later(7),
    });
  });

  it('keeps the result of a store=false image for the day limit though its bytes go now', () => {
    expect(decideAfterTagging({ mode: 'days', days: 3, deleteResults: false }, { stored: false, finishedAt })).toEqual({
      deleteBytesNow: true,
      expiresAt: later(3),
    });
  });

  it('keeps everything for good when the owner says keep', () => {
    expect(decideAfterTagging({ mode: 'keep' }, { stored: true, finishedAt })).toEqual({
      deleteBytesNow: false,
      expiresAt: null,
    });
  });
});

describe('decideExpired', () => {
  it('deletes the whole image when its result is due too', () => {
    expect(
      decideExpired({ mode: 'days', days: 7, deleteResults: true }, { stored: true, finishedAt }, later(7)),
    ).toEqual({ kind: 'delete-image' });
  });

  it('deletes only the bytes when the owner keeps results', () => {
    expect(
      decideExpired({ mode: 'days', days: 7, deleteResults: false }, { stored: true, finishedAt }, later(8)),
    ).toEqual({ kind: 'delete-bytes', resultExpiresAt: null });
  });

  it('deletes only the bytes and dates the result when the result falls due later', () => {
    expect(
      decideExpired({ mode: 'days', days: 7, deleteResults: true }, { stored: true, finishedAt }, later(6)),
    ).toEqual({ kind: 'delete-bytes', resultExpiresAt: later(7) });
  });

  it('deletes only the bytes of an owner without settings', () => {
    expect(decideExpired(undefined, { stored: true, finishedAt }, later(100))).toEqual({
      kind: 'delete-bytes',
      resultExpiresAt: null,
    });
  });
});
