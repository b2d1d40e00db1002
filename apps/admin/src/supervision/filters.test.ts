import { describe, expect, it } from 'vitest';
import { findingQuery, findingsFiltersOf } from './filters.ts';

describe('finding filters', () => {
  it('reads the URL, dropping a severity, stage or answered value the API does not know', () => {
    const f = findingsFiltersOf(
      new URLSearchParams('institution=H1&rule=DEMO-BIO-001&severity=high&stage=bogus&answered=x'),
    );
    expect(f).toMatchObject({
      institution: 'H1',
      rule: 'DEMO-BIO-001',
      severity: 'high',
      stage: '',
      answered: '',
    });
  });

  it('sends only the filters that are set', () => {
    const f = findingsFiltersOf(new URLSearchParams('runId=run_1&answered=false'));
    expect(findingQuery(f)).toEqual({ runId: 'run_1', answered: 'false' });
  });
});
