import { blobExpiry, InvalidRetentionError, isDue, resultExpiry, RetentionSetting } from './retention';

const finishedAt = new Date('2026-03-01T10:00:00.000Z');
const stored = { stored: true, finishedAt };
const notStored = { stored: false, finishedAt };
const thirtyDays: RetentionSetting = { mode: 'days', days: 30, deleteResults: true };
const thirtyDaysKeepResults: RetentionSetting = { mode: 'days', days: 30, deleteResults: false };

describe('retention rules', () => {
  describe('blobExpiry', () => {
    it('deletes the bytes of an image sent with store=false right away, whatever the setting', () => {
      for (const setting of [{ mode: 'keep' } as const, thirtyDays, { mode: 'delete_after_processing' } as const]) {
        expect(blobExpiry(setting, notStored)).toBe('now');
      }
    });

    it('deletes the bytes right after processing when the owner asked for that', () => {
      expect(blobExpiry({ mode: 'delete_after_processing' }, stored)).toBe('now');
    });

    it('keeps the bytes for the configured number of days after the image finished', () => {
      expect(blobExpiry(thirtyDays, stored)).toEqual(new Date('2026-03-31T10:00:00.000Z'));
      expect(blobExpiry(thirtyDaysKeepResults, stored)).toEqual(new Date('2026-03-31T10:00:00.000Z'));
    });

    it('never expires the bytes when the owner keeps images', () => {
      expect(blobExpiry({ mode: 'keep' }, stored)).toBeNull();
    });

    it('rejects a day count that is not a whole number of at least one', () => {
      for (const days of [0, -3, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => blobExpiry({ mode: 'days', days, deleteResults: false }, stored)).toThrow(InvalidRetentionError);
      }
    });
  });

  describe('resultExpiry', () => {
    it('removes the tagging result on the same day as the bytes when the owner asked for that', () => {
      expect(resultExpiry(thirtyDays, stored)).toEqual(blobExpiry(thirtyDays, stored));
      expect(resultExpiry(thirtyDays, notStored)).toEqual(new Date('2026-03-31T10:00:00.000Z'));
    });

    it('keeps the tagging result when a day limit covers only the bytes', () => {
      expect(resultExpiry(thirtyDaysKeepResults, stored)).toBeNull();
    });

    it('keeps the result of a store=false image only for the retention period: it is all that was kept', () => {
      expect(resultExpiry(thirtyDaysKeepResults, notStored)).toEqual(new Date('2026-03-31T10:00:00.000Z'));
    });

    it('keeps the tagging result under every other setting, even when the bytes go at once', () => {
      expect(resultExpiry({ mode: 'delete_after_processing' }, stored)).toBeNull();
      expect(resultExpiry({ mode: 'keep' }, stored)).toBeNull();
      expect(resultExpiry({ mode: 'keep' }, notStored)).toBeNull();
    });
  });

  describe('isDue', () => {
    const expiry = new Date('2026-03-31T10:00:00.000Z');

    it('is due from the expiry moment on, and not a millisecond before', () => {
      expect(isDue(expiry, new Date('2026-03-31T09:59:59.999Z'))).toBe(false);
      expect(isDue(expiry, expiry)).toBe(true);
      expect(isDue(expiry, new Date('2026-04-02T00:00:00.000Z'))).toBe(true);
    });

    it('is always due for "now" and never for no expiry', () => {
      expect(isDue('now', finishedAt)).toBe(true);
      expect(isDue(null, new Date('2100-01-01T00:00:00.000Z'))).toBe(false);
    });
  });
});
