import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES } from '@tagphoto/contracts/languages';
import { type GalleryFilter, NO_FILTER, sourceNames, statusNames } from '../gallery-filter';
import { Choice } from './page';

type Change = <K extends keyof GalleryFilter>(key: K, value: GalleryFilter[K]) => void;

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

/** A choice among `names` (value → what it reads), or `any` for none. */
function SelectField({
  id,
  label,
  any,
  names,
  value,
  onChange,
}: {
  id: string;
  label: string;
  any: string;
  names: Record<string, string>;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{any}</option>
        {Object.entries(names).map(([key, name]) => (
          <option key={key} value={key}>
            {name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * The gallery's search form: every GET /v1/images filter. `describedBy` is the line that says how many images match,
 * so a screen reader hears the count after typing.
 */
export function GalleryFilters({
  filter,
  onChange,
  describedBy,
}: {
  filter: GalleryFilter;
  onChange: (filter: GalleryFilter) => void;
  describedBy: string;
}) {
  const { t } = useTranslation();
  const change: Change = (key, value) => onChange({ ...filter, [key]: value });
  const filtered = JSON.stringify(filter) !== JSON.stringify(NO_FILTER);
  return (
    <fieldset className="filters">
      <legend>{t('library.filters.legend')}</legend>
      <Field id="tag-search" label={t('library.filters.tag')}>
        <input
          id="tag-search"
          type="search"
          value={filter.tag}
          onChange={(event) => change('tag', event.currentTarget.value)}
          aria-describedby={describedBy}
        />
      </Field>
      <Field id="gallery-words" label={t('library.filters.words')}>
        <input
          id="gallery-words"
          type="search"
          value={filter.words}
          onChange={(event) => change('words', event.currentTarget.value)}
          aria-describedby={`gallery-words-hint ${describedBy}`}
        />
        <span id="gallery-words-hint" className="hint">
          {t('library.filters.wordsHint')}
        </span>
      </Field>
      <SelectField
        id="gallery-status"
        label={t('library.filters.status')}
        any={t('library.filters.anyStatus')}
        names={statusNames(t)}
        value={filter.status}
        onChange={(value) => change('status', value as GalleryFilter['status'])}
      />
      <SelectField
        id="gallery-source"
        label={t('library.filters.source')}
        any={t('library.filters.anySource')}
        names={sourceNames(t)}
        value={filter.source}
        onChange={(value) => change('source', value as GalleryFilter['source'])}
      />
      <SelectField
        id="gallery-language"
        label={t('library.filters.language')}
        any={t('library.filters.anyLanguage')}
        names={LANGUAGE_NAMES}
        value={filter.language}
        onChange={(value) => change('language', value as GalleryFilter['language'])}
      />
      <Field id="gallery-from" label={t('library.filters.from')}>
        <input
          id="gallery-from"
          type="date"
          value={filter.from}
          onChange={(event) => change('from', event.currentTarget.value)}
        />
      </Field>
      <Field id="gallery-to" label={t('library.filters.to')}>
        <input
          id="gallery-to"
          type="date"
          value={filter.to}
          onChange={(event) => change('to', event.currentTarget.value)}
        />
      </Field>
      <div className="filter-actions">
        <Choice
          id="gallery-review"
          type="checkbox"
          label={t('library.filters.flagged')}
          checked={filter.needsReview}
          onChange={(event) => change('needsReview', event.currentTarget.checked)}
        />
        {filtered && (
          <button type="button" onClick={() => onChange(NO_FILTER)}>
            {t('library.filters.clear')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
