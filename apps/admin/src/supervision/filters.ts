import { FINDING_SEVERITIES, REVIEW_STAGES } from '@openpayer/domain';

/** The findings filters as they sit in the URL (shareable, back works). */
export interface FindingFilters {
  readonly institution: string;
  readonly rule: string;
  readonly severity: '' | (typeof FINDING_SEVERITIES)[number];
  readonly stage: '' | (typeof REVIEW_STAGES)[number];
  readonly answered: '' | 'true' | 'false';
  readonly runId: string;
  readonly settlementId: string;
  readonly claimId: string;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
  values.find((v) => v === value) ?? '';

export function findingsFiltersOf(query: URLSearchParams): FindingFilters {
  return {
    institution: query.get('institution') ?? '',
    rule: query.get('rule') ?? '',
    severity: oneOf(FINDING_SEVERITIES, query.get('severity')),
    stage: oneOf(REVIEW_STAGES, query.get('stage')),
    answered: oneOf(['true', 'false'] as const, query.get('answered')),
    runId: query.get('runId') ?? '',
    settlementId: query.get('settlementId') ?? '',
    claimId: query.get('claimId') ?? '',
  };
}

/** The API query parameters the filters stand for (without paging); empty ones left out. */
export function findingQuery(f: FindingFilters) {
  return {
    ...(f.institution === '' ? {} : { institution: f.institution }),
    ...(f.rule === '' ? {} : { rule: f.rule }),
    ...(f.severity === '' ? {} : { severity: f.severity }),
    ...(f.stage === '' ? {} : { stage: f.stage }),
    ...(f.answered === '' ? {} : { answered: f.answered }),
    ...(f.runId === '' ? {} : { runId: f.runId }),
    ...(f.settlementId === '' ? {} : { settlementId: f.settlementId }),
    ...(f.claimId === '' ? {} : { claimId: f.claimId }),
  };
}
