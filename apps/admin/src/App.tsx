import { may } from '@openpayer/domain';
import { Suspense, lazy, useEffect, useState } from 'react';
import { PrincipalContext } from './app/session-context.ts';
import { navigate, useLocation } from './app/router.ts';
import { SignIn, roleName } from './session/SignIn.tsx';
import { type Principal, storeKey, storedKey, whoIs } from './session/session.ts';
import { Link } from './ui/Link.tsx';
import { Loading } from './ui/states.tsx';

// Each section is its own chunk, loaded when first opened: the sign-in page and any one screen
// stay light (the engine packages the simulator and the policy upload use are large).
const CatalogSection = lazy(async () => ({
  default: (await import('./catalog/CatalogSection.tsx')).CatalogSection,
}));
const PoliciesSection = lazy(async () => ({
  default: (await import('./policies/PoliciesSection.tsx')).PoliciesSection,
}));
const SimulatorSection = lazy(async () => ({
  default: (await import('./simulator/SimulatorSection.tsx')).SimulatorSection,
}));
const ApprovalsSection = lazy(async () => ({
  default: (await import('./approvals/ApprovalsSection.tsx')).ApprovalsSection,
}));
const SettlementsSection = lazy(async () => ({
  default: (await import('./settlements/SettlementsSection.tsx')).SettlementsSection,
}));
const AuditSection = lazy(async () => ({
  default: (await import('./audit/AuditSection.tsx')).AuditSection,
}));
const SupervisionSection = lazy(async () => ({
  default: (await import('./supervision/SupervisionSection.tsx')).SupervisionSection,
}));
const ReconciliationSection = lazy(async () => ({
  default: (await import('./reconciliation/ReconciliationSection.tsx')).ReconciliationSection,
}));
const ValueSection = lazy(async () => ({
  default: (await import('./value/ValueSection.tsx')).ValueSection,
}));
const WhatIfSection = lazy(async () => ({
  default: (await import('./whatif/WhatIfSection.tsx')).WhatIfSection,
}));
const DashboardSection = lazy(async () => ({
  default: (await import('./dashboard/DashboardSection.tsx')).DashboardSection,
}));
const CasesSection = lazy(async () => ({
  default: (await import('./cases/CasesSection.tsx')).CasesSection,
}));
const ValidatePage = lazy(async () => ({
  default: (await import('./claim-validation/ValidatePage.tsx')).ValidatePage,
}));

type Session =
  | { readonly phase: 'checking' }
  | { readonly phase: 'signed-out' }
  | { readonly phase: 'signed-in'; readonly principal: Principal };

/** The sections of the UI: the first path segment picks one, the section routes the rest. */
const SECTIONS = [
  { path: '/dashboard', label: 'Dashboard', Screen: DashboardSection },
  { path: '/catalog', label: 'Catalog', Screen: CatalogSection },
  { path: '/policies', label: 'Policies', Screen: PoliciesSection },
  { path: '/simulator', label: 'Claim simulator', Screen: SimulatorSection },
  { path: '/approvals', label: 'Approvals', Screen: ApprovalsSection },
  { path: '/settlements', label: 'Settlements', Screen: SettlementsSection },
  { path: '/supervision', label: 'Smart review', Screen: SupervisionSection },
  { path: '/cases', label: 'Cases', Screen: CasesSection },
  { path: '/reconciliation', label: 'Reconciliation', Screen: ReconciliationSection },
  { path: '/value', label: 'Value-based payment', Screen: ValueSection },
  // Administrators only: hidden from the others' navigation (the screen refuses them too).
  { path: '/what-if', label: 'What-if', Screen: WhatIfSection, action: 'simulate' },
  { path: '/audit', label: 'Audit log', Screen: AuditSection },
  {
    path: '/validate',
    label: 'Validate',
    Screen: (_: { readonly path: string }) => <ValidatePage />,
  },
] as const;

const HOME = '/dashboard';

export function App() {
  const [session, setSession] = useState<Session>(() =>
    storedKey() === null ? { phase: 'signed-out' } : { phase: 'checking' },
  );
  const { path } = useLocation();

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

  useEffect(() => {
    if (path === '/' || path === '') navigate(HOME, { replace: true });
  }, [path]);

  function signOut() {
    storeKey(null);
    setSession({ phase: 'signed-out' });
  }

  const section = SECTIONS.find((s) => path === s.path || path.startsWith(`${s.path}/`));

  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">OpenPayer</span>
        {session.phase === 'signed-in' ? (
          <nav aria-label="Main">
            {SECTIONS.filter((s) => !('action' in s) || may(session.principal.role, s.action)).map(
              (s) => (
                <Link key={s.path} to={s.path} aria-current={s === section ? 'page' : undefined}>
                  {s.label}
                </Link>
              ),
            )}
            <a href="/docs">API docs</a>
          </nav>
        ) : null}
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
      <main id="content" tabIndex={-1}>
        {session.phase === 'signed-in' ? (
          <PrincipalContext.Provider value={session.principal}>
            {section === undefined ? (
              path === '/' ? null : (
                <section>
                  <h1>Not found</h1>
                  <p className="intro-text">
                    No screen at <code>{path}</code>. <Link to={HOME}>Go to the dashboard</Link>.
                  </p>
                </section>
              )
            ) : (
              <Suspense fallback={<Loading what={section.label.toLowerCase()} />}>
                <section.Screen path={path} />
              </Suspense>
            )}
          </PrincipalContext.Provider>
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
