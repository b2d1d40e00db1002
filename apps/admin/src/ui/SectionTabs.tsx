import { Link } from './Link.tsx';

/** One tab of a section: where it goes and what it says. */
export interface SectionTab<K extends string> {
  readonly key: K;
  readonly to: string;
  readonly label: string;
}

/** A section's views as tabs (styles.css `.section-tabs`), the current one marked as the page. */
export function SectionTabs<K extends string>({
  label,
  tabs,
  current,
}: {
  /** The navigation's accessible name ("Audit views"). */
  readonly label: string;
  readonly tabs: readonly SectionTab<K>[];
  readonly current: K;
}) {
  return (
    <nav className="section-tabs" aria-label={label}>
      {tabs.map((t) => (
        <Link key={t.key} to={t.to} aria-current={t.key === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
