/** The settlements screens (being built). */
export function SettlementsSection({ path }: { readonly path: string }) {
  return (
    <section>
      <h1>Settlements</h1>
      <p className="intro-text">Not built yet ({path}).</p>
    </section>
  );
}
