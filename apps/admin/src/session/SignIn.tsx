import { useState } from 'react';
import { type Principal, storeKey, whoIs } from './session.ts';

const ROLE_NAMES: Record<Principal['role'], string> = {
  administrator: 'administrator',
  reviewer: 'reviewer',
  institution_integrator: 'institution integrator',
  auditor: 'auditor',
};

export function roleName(role: Principal['role']): string {
  return ROLE_NAMES[role];
}

/** Sign in with an API key (the server prints the demo keys when it starts). */
export function SignIn({ onSignedIn }: { readonly onSignedIn: (principal: Principal) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: { preventDefault(): void }) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const outcome = await whoIs(key.trim());
      if (!outcome.ok) {
        setError(outcome.message);
        return;
      }
      storeKey(key.trim());
      onSignedIn(outcome.principal);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p className="intro-text">
        Paste an API key. The server prints the demo keys (administrator, reviewer, auditor,
        hospital integrator) when it starts.
      </p>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => {
            setKey(event.target.value);
          }}
        />
        <button type="submit" className="primary" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
      {error === null ? null : (
        <p role="alert" className="banner banner-error">
          {error}
        </p>
      )}
    </section>
  );
}
