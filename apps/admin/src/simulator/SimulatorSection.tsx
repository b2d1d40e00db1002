/** The simulator screens (being built). */
export function SimulatorSection({ path }: { readonly path: string }) {
  return (
    <section>
      <h1>Simulator</h1>
      <p className="intro-text">Not built yet ({path}).</p>
    </section>
  );
}
