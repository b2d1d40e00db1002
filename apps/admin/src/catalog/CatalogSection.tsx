import { may } from '@openpayer/domain';
import { useState } from 'react';
import { useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';
import './catalog.css';
import { DiffPage } from './DiffPage.tsx';
import { ImportButton } from './ImportDialog.tsx';
import { ItemPage } from './ItemPage.tsx';
import { ReleasesPage } from './ReleasesPage.tsx';
import { SearchPage } from './SearchPage.tsx';

/**
 * The catalog (医保目录): search a release's items, read one item's restriction text beside its
 * structured restrictions, the version history, and the diff of two versions.
 */

const TABS = [
  { path: '/catalog', label: 'Search' },
  { path: '/catalog/releases', label: 'Version history' },
  { path: '/catalog/diff', label: 'Compare versions' },
] as const;

const TITLES: Record<string, string> = {
  '/catalog': 'Catalog items',
  '/catalog/items': 'Catalog item',
  '/catalog/releases': 'Catalog version history',
  '/catalog/diff': 'Compare catalog versions',
};

export function CatalogSection({ path }: { readonly path: string }) {
  const { query } = useLocation();
  const principal = usePrincipal();
  /** Bumped after an import, so the screen below loads again and shows the new release. */
  const [generation, setGeneration] = useState(0);
  const route = path.replace(/\/+$/u, '') || '/catalog';
  const title = TITLES[route];
  const active = route === '/catalog/items' ? '/catalog' : route;

  return (
    <section className="catalog">
      <header className="catalog-head">
        <h1>
          {title ?? 'Catalog'} <span className="muted zh">医保目录</span>
        </h1>
        <nav className="tabs" aria-label="Catalog">
          {TABS.map((tab) => (
            <Link
              key={tab.path}
              to={tab.path}
              aria-current={tab.path === active ? 'page' : undefined}
            >
              {tab.label}
            </Link>
          ))}
        </nav>
        {may(principal.role, 'import_catalog') ? (
          <ImportButton
            onImported={() => {
              setGeneration((g) => g + 1);
            }}
          />
        ) : null}
      </header>
      <div key={generation}>
        {route === '/catalog' ? (
          <SearchPage query={query} />
        ) : route === '/catalog/items' ? (
          <ItemPage query={query} />
        ) : route === '/catalog/releases' ? (
          <ReleasesPage />
        ) : route === '/catalog/diff' ? (
          <DiffPage query={query} />
        ) : (
          <p className="intro-text">
            No catalog screen at <code>{path}</code>. <Link to="/catalog">Search the catalog</Link>.
          </p>
        )}
      </div>
    </section>
  );
}
