import type { ReactNode } from 'react';
import { LANGUAGE_NAMES } from '@tagphoto/contracts/languages';
import { type GalleryFilter, NO_FILTER, SOURCE_NAMES, STATUS_NAMES } from '../gallery-filter';
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
  const change: Change = (key, value) => onChange({ ...filter, [key]: value });
  const filtered = JSON.stringify(filter) !== JSON.stringify(NO_FILTER);
  return (
    <fieldset className="filters">
      <legend>Find images</legend>
      <Field id="tag-search" label="Filter by tag">
        <input
          id="tag-search"
          type="search"
          value={filter.tag}
          onChange={(event) => change('tag', event.currentTarget.value)}
          aria-describedby={describedBy}
        />
      </Field>
      <Field id="gallery-words" label="Words">
        <input
          id="gallery-words"
          type="search"
          value={filter.words}
          onChange={(event) => change('words', event.currentTarget.value)}
          aria-describedby={`gallery-words-hint ${describedBy}`}
        />
        <span id="gallery-words-hint" className="hint">
          In the title, alt text, description or text in the picture
        </span>
      </Field>
      <SelectField
        id="gallery-status"
        label="Status"
        any="Any"
        names={STATUS_NAMES}
        value={filter.status}
        onChange={(value) => change('status', value as GalleryFilter['status'])}
      />
      <SelectField
        id="gallery-source"
        label="From"
        any="Anywhere"
        names={SOURCE_NAMES}
        value={filter.source}
        onChange={(value) => change('source', value as GalleryFilter['source'])}
      />
      <SelectField
        id="gallery-language"
        label="Result language"
        any="Any"
        names={LANGUAGE_NAMES}
        value={filter.language}
        onChange={(value) => change('language', value as GalleryFilter['language'])}
      />
      <Field id="gallery-from" label="Added on or after">
        <input
          id="gallery-from"
          type="date"
          value={filter.from}
          onChange={(event) => change('from', event.currentTarget.value)}
        />
      </Field>
      <Field id="gallery-to" label="Added on or before">
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
          label="Flagged by the engine"
          checked={filter.needsReview}
          onChange={(event) => change('needsReview', event.currentTarget.checked)}
        />
        {filtered && (
          <button type="button" onClick={() => onChange(NO_FILTER)}>
            Clear the filters
          </button>
        )}
      </div>
    </fieldset>
  );
}
