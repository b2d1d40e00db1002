/** The catalog screens (being built). */
export function CatalogSection({ path }: { readonly path: string }) {
  return (
    <section>
      <h1>Catalog</h1>
      <p className="intro-text">Not built yet ({path}).</p>
    </section>
  );
}
