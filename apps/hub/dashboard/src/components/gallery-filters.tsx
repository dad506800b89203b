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

function Options({ any, names }: { any: string; names: Record<string, string> }) {
  return (
    <>
      <option value="">{any}</option>
      {Object.entries(names).map(([value, name]) => (
        <option key={value} value={value}>
          {name}
        </option>
      ))}
    </>
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
      <Field id="gallery-status" label="Status">
        <select
          id="gallery-status"
          value={filter.status}
          onChange={(event) => change('status', event.currentTarget.value as GalleryFilter['status'])}
        >
          <Options any="Any" names={STATUS_NAMES} />
        </select>
      </Field>
      <Field id="gallery-source" label="From">
        <select
          id="gallery-source"
          value={filter.source}
          onChange={(event) => change('source', event.currentTarget.value as GalleryFilter['source'])}
        >
          <Options any="Anywhere" names={SOURCE_NAMES} />
        </select>
      </Field>
      <Field id="gallery-language" label="Result language">
        <select
          id="gallery-language"
          value={filter.language}
          onChange={(event) => change('language', event.currentTarget.value as GalleryFilter['language'])}
        >
          <Options any="Any" names={LANGUAGE_NAMES} />
        </select>
      </Field>
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
