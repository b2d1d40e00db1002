import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import type { Loaded } from './use-api.ts';

/** A polite "loading" line (announced to screen readers once). */
export function Loading({ what }: { readonly what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** The API's error, with its code, the fields it names, and a way to try again. */
export function ErrorState({
  error,
  onRetry,
}: {
  readonly error: ApiError;
  readonly onRetry?: () => void;
}) {
  return (
    <div className="state banner banner-error" role="alert">
      <p>
        <strong>{error.message}</strong> <code>{error.code}</code>
        {error.status > 0 ? <span className="muted"> (HTTP {error.status})</span> : null}
      </p>
      {error.issues.length > 0 ? (
        <ul className="issue-list">
          {error.issues.map((issue, i) => (
            <li key={i}>
              {issue.path.length > 0 ? <code>{issue.path.join('.')}</code> : null} {issue.message}{' '}
              <span className="muted">({issue.code})</span>
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry === undefined ? null : (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Nothing to show — and why, or what to do about it. */
export function Empty({ children }: { readonly children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

/** Render a `useApi` result: loading and error states are handled, `children` gets the data. */
export function Async<T>({
  loaded,
  what,
  children,
}: {
  readonly loaded: Loaded<T> & { readonly reload?: () => void };
  readonly what: string;
  readonly children: (data: T) => ReactNode;
}) {
  if (loaded.state === 'loading') return <Loading what={what} />;
  if (loaded.state === 'error') {
    return (
      <ErrorState error={loaded.error} {...(loaded.reload ? { onRetry: loaded.reload } : {})} />
    );
  }
  return <>{children(loaded.data)}</>;
}
