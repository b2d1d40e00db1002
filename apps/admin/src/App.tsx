import { ValidatePage } from './claim-validation/ValidatePage.tsx';

export function App() {
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
      </header>
      <main>
        <ValidatePage />
      </main>
    </div>
  );
}
