import { useEffect, useState } from 'react';
import { ValidatePage } from './claim-validation/ValidatePage.tsx';
import { SignIn, roleName } from './session/SignIn.tsx';
import { type Principal, storeKey, storedKey, whoIs } from './session/session.ts';

type Session =
  | { readonly phase: 'checking' }
  | { readonly phase: 'signed-out' }
  | { readonly phase: 'signed-in'; readonly principal: Principal };

export function App() {
  const [session, setSession] = useState<Session>(() =>
    storedKey() === null ? { phase: 'signed-out' } : { phase: 'checking' },
  );

  // A key kept from earlier in this tab is checked again (it may have been rotated).
  useEffect(() => {
    const key = storedKey();
    if (key === null) return;
    const controller = new AbortController();
    whoIs(key, controller.signal)
      .then((outcome) => {
        if (outcome.ok) setSession({ phase: 'signed-in', principal: outcome.principal });
        else {
          storeKey(null);
          setSession({ phase: 'signed-out' });
        }
      })
      .catch(() => {
        if (!controller.signal.aborted) setSession({ phase: 'signed-out' });
      });
    return () => {
      controller.abort();
    };
  }, []);

  function signOut() {
    storeKey(null);
    setSession({ phase: 'signed-out' });
  }

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">OpenPayer</span>
        <nav aria-label="Main">
          <a href="/" aria-current="page">
            Claim validation
          </a>
          <a href="/docs">API docs</a>
        </nav>
        {session.phase === 'signed-in' ? (
          <span className="who">
            <span data-testid="signed-in-as">
              {session.principal.name} ({roleName(session.principal.role)})
            </span>
            <button type="button" className="link" onClick={signOut}>
              Sign out
            </button>
          </span>
        ) : null}
      </header>
      <main>
        {session.phase === 'signed-in' ? (
          <ValidatePage />
        ) : session.phase === 'signed-out' ? (
          <SignIn
            onSignedIn={(principal) => {
              setSession({ phase: 'signed-in', principal });
            }}
          />
        ) : (
          <p className="intro-text">Checking the saved API key…</p>
        )}
      </main>
    </div>
  );
}
