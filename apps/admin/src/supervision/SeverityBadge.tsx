import type { FINDING_SEVERITIES } from '@openpayer/domain';
import { SEVERITY_LABELS, labelOf } from './model.ts';

/** A finding's or a rule's severity as a badge (supervision.css `.severity-*`). */
export function SeverityBadge({
  severity,
  testId,
}: {
  readonly severity: (typeof FINDING_SEVERITIES)[number];
  readonly testId?: string;
}) {
  return (
    <span className={`badge severity-${severity}`} data-testid={testId}>
      {labelOf(SEVERITY_LABELS, severity)}
    </span>
  );
}
