import { todayIn } from '@openpayer/domain';
import type { ReleaseSummary } from './api.ts';

/** Whether a release is in force today, still to come, or over. */
export function releaseState(release: ReleaseSummary, today = todayIso()) {
  const { start, end } = release.effective;
  return start > today ? 'scheduled' : end !== null && end <= today ? 'expired' : 'in force';
}

/** A release as one line: id, when it takes effect, and whether it is in force today. */
function releaseLabel(release: ReleaseSummary): string {
  return `${release.id} · from ${release.effective.start} · ${releaseState(release)}`;
}

/** Today in the policies' time zone, whatever the reader's browser is set to. */
function todayIso(): string {
  return todayIn();
}

/** A select of the releases, newest first. */
export function ReleasePicker({
  id,
  label,
  releases,
  value,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly releases: readonly ReleaseSummary[];
  readonly value: string;
  readonly onChange: (releaseId: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {[...releases].reverse().map((r) => (
          <option key={r.id} value={r.id}>
            {releaseLabel(r)}
          </option>
        ))}
      </select>
    </div>
  );
}
