import { DiagnosesFields } from './form/DiagnosesFields.tsx';
import type { FormProps } from './form/fields.tsx';
import { ClaimFields, InstitutionFields, PersonFields } from './form/HeaderFields.tsx';
import { LineFields } from './form/LineFields.tsx';

/**
 * The structured form over the common fields of a claim, in its parts (`form/`): the claim, the
 * person and the institution side by side, then the diagnoses and the lines. Every field shows
 * the validator's issues for its path (aria-invalid, aria-describedby); evidence, procedures and
 * the rarer fields are edited in the JSON.
 */

export function ClaimForm(props: FormProps) {
  return (
    <div className="sim-form">
      <div className="sim-form-row">
        <ClaimFields props={props} />
        <PersonFields props={props} />
        <InstitutionFields props={props} />
      </div>
      <DiagnosesFields props={props} />
      <LineFields props={props} />
    </div>
  );
}
