import { type Issue, formatPath } from '@openpayer/domain';

export function IssuesTable({ issues }: { readonly issues: readonly Issue[] }) {
  return (
    <table className="issues" aria-label="Validation issues">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Field</th>
          <th scope="col">Code</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue, index) => (
          <tr
            key={`${issue.code}:${formatPath(issue.path)}:${String(index)}`}
            data-severity={issue.severity}
          >
            <td>
              <span className={`badge badge-${issue.severity}`}>{issue.severity}</span>
            </td>
            <td>
              <code>{issue.path.length === 0 ? '(claim)' : formatPath(issue.path)}</code>
            </td>
            <td>
              <code>{issue.code}</code>
            </td>
            <td>{issue.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
