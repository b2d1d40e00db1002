/** The policies screens (being built). */
export function PoliciesSection({ path }: { readonly path: string }) {
  return (
    <section>
      <h1>Policies</h1>
      <p className="intro-text">Not built yet ({path}).</p>
    </section>
  );
}
