import { usePrincipal } from '../app/session-context.ts';

/**
 * The institution the signed-in principal is bound to (an institution integrator sees only its
 * own), or null when it may look at any.
 */
export function useOwnInstitution(): string | null {
  const principal = usePrincipal();
  return principal.role === 'institution_integrator' ? principal.institutionCode : null;
}

/**
 * A filter's institution field: free text, or, for a principal bound to one institution, that
 * institution, fixed.
 */
export function InstitutionField({
  value,
  onChange,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  const own = useOwnInstitution();
  return (
    <label className="field">
      <span>Institution</span>
      <input
        name="institution"
        value={own ?? value}
        disabled={own !== null}
        placeholder="H23010300012"
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </label>
  );
}
