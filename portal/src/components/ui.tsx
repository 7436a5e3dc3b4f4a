import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let firstPage = true;

/**
 * The page's heading. After a move inside the app it receives the focus, so keyboard and
 * screen-reader users land on the new page; on the first load the focus stays at the top of the
 * document, where the skip link comes first.
 */
export function PageTitle({ children, lead }: { children: ComponentChildren; lead?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) firstPage = false;
    else ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <header class="page-head">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {lead ? <p class="lead">{lead}</p> : null}
    </header>
  );
}

interface FieldProps {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string;
  optional?: boolean;
  children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => JSX.Element;
}

/** A labelled control with its hint and error, wired for assistive technology. */
export function Field({ id, label, hint, error, optional, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>
        {label}
        {optional ? <span class="optional"> (optional)</span> : null}
      </label>
      {hint ? (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p class="error-text" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {children({ id, 'aria-describedby': described, ...(error ? { 'aria-invalid': 'true' as const } : {}) })}
    </div>
  );
}

export function Notice({ tone = 'info', title, children, role }: { tone?: 'info' | 'success' | 'warning' | 'danger'; title?: ComponentChildren; children?: ComponentChildren; role?: 'alert' | 'status' }) {
  return (
    <div class={`notice notice--${tone}`} role={role}>
      {title ? <p class="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}

/** Problems with a form, listed first and focused, each linking to its field. */
export function ErrorSummary({ errors, fieldIds }: { errors: Array<{ field?: string | null; message: string }>; fieldIds: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div class="notice notice--danger" role="alert" tabIndex={-1} ref={ref}>
      <p class="notice-title">{errors.length === 1 ? 'Please check one thing' : `Please check ${errors.length} things`}</p>
      <ul>
        {errors.map((e, i) => {
          const target = e.field ? fieldIds[e.field.replace(/\[.*$/, '')] : undefined;
          return <li key={i}>{target ? <a href={`#${target}`}>{e.message}</a> : e.message}</li>;
        })}
      </ul>
    </div>
  );
}

export function Badge({ tone, children }: { tone: 'good' | 'neutral' | 'warn' | 'private'; children: ComponentChildren }) {
  return <span class={`badge badge--${tone}`}>{children}</span>;
}
