import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { useRouter } from '../router';

/**
 * One page: its h1 takes focus after every client-side navigation (so screen readers and keyboard users start at
 * the new content) and the document title follows it.
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { path } = useRouter();
  useEffect(() => {
    heading.current?.focus();
  }, [path]);
  useEffect(() => {
    document.title = `${title} · TagPhoto`;
  }, [title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}

/** A message for assistive technology and sighted users alike: polite status, or an alert for errors. */
export function Notice({ kind, children }: { kind: 'status' | 'error'; children: ReactNode }) {
  return kind === 'error' ? (
    <p role="alert" className="notice notice-error">
      {children}
    </p>
  ) : (
    <p role="status" className="notice">
      {children}
    </p>
  );
}

/** A checkbox or radio button followed by its label, laid out by the stylesheet's `.checkbox` and `.radio`. */
export function Choice({
  label,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { id: string; type: 'checkbox' | 'radio'; label: string }) {
  return (
    <div className={input.type}>
      <input {...input} />
      <label htmlFor={input.id}>{label}</label>
    </div>
  );
}
