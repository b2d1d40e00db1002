/** The approvals screens (being built). */
export function ApprovalsSection({ path }: { readonly path: string }) {
  return (
    <section>
      <h1>Approvals</h1>
      <p className="intro-text">Not built yet ({path}).</p>
    </section>
  );
}
