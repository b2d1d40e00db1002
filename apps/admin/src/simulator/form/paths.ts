import { type Draft, get, pathKey } from '../draft.ts';

/** Paths of the fields this form shows, to list the other issues above it. */
export function formPaths(draft: Draft): Set<string> {
  const paths = [
    ['id'],
    ['type'],
    ['person', 'id'],
    ['person', 'birthDate'],
    ['person', 'sex'],
    ['person', 'insuranceType'],
    ['person', 'insuredRegion'],
    ['person', 'categories'],
    ['institution', 'code'],
    ['institution', 'name'],
    ['institution', 'tier'],
    ['institution', 'region'],
    ['admissionDate'],
    ['dischargeDate'],
    ['totalAmount'],
    ['diagnoses'],
    ['lines'],
  ];
  const diagnoses = get(draft, ['diagnoses']);
  if (Array.isArray(diagnoses))
    diagnoses.forEach((_, i) => {
      paths.push(
        ['diagnoses', String(i)],
        ['diagnoses', String(i), 'code'],
        ['diagnoses', String(i), 'role'],
      );
    });
  const lines = get(draft, ['lines']);
  if (Array.isArray(lines))
    lines.forEach((_, i) => {
      for (const f of ['', 'id', 'kind', 'code', 'name', 'quantity', 'unitPrice', 'amount', 'date'])
        paths.push(f === '' ? ['lines', String(i)] : ['lines', String(i), f]);
    });
  return new Set(paths.map(pathKey));
}
