import { FINDING_RESPONSES, may } from '@openpayer/domain';
import { api, call } from '../api/client.ts';
import { href } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { timestamp } from '../ui/format.ts';
import { ChoiceNoteForm } from '../ui/ChoiceNoteForm.tsx';
import { Link } from '../ui/Link.tsx';
import { Async } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import type { StoredFindingView } from './api.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  RESPONSE_LABELS,
  RESULT_TYPE_LABELS,
  STAGE_LABELS,
  evidenceRows,
  labelOf,
} from './model.ts';

/** One finding: the rule, why (zh/en), the evidence, the settlement, and the hospital's answer. */
export function FindingDetail({ id }: { readonly id: string }) {
  const principal = usePrincipal();
  const loaded = useApi(() => call(api.v1.findings[':id'].$get({ param: { id } })), [id]);
  return (
    <section className="supervision">
      <p className="breadcrumbs">
        <Link to="/supervision/findings">Findings</Link> › <code>{id}</code>
      </p>
      <Async loaded={loaded} what={`finding ${id}`}>
        {(stored) => {
          const f = stored.finding;
          return (
            <>
              <div className="page-head">
                <h1>
                  <code>{f.rule.code}</code> {f.rule.name}
                </h1>
                <SeverityBadge severity={f.severity} testId="finding-severity" />
              </div>
              <div className="panel explanation" data-testid="explanation">
                <p lang="zh">{f.explanation.zh}</p>
                <p lang="en">{f.explanation.en}</p>
              </div>
              <dl className="summary-facts">
                <div>
                  <dt>Rule</dt>
                  <dd>
                    <code>{f.rule.code}</code> v{f.rule.version} of{' '}
                    <Link to={`/supervision/rule-sets/${encodeURIComponent(f.rule.ruleSet)}`}>
                      <code>{f.rule.ruleSet}</code>
                    </Link>
                  </dd>
                </div>
                <div>
                  <dt>Category</dt>
                  <dd>{labelOf(CATEGORY_LABELS, f.category)}</dd>
                </div>
                <div>
                  <dt>Stage</dt>
                  <dd>{labelOf(STAGE_LABELS, f.stage)}</dd>
                </div>
                <div>
                  <dt>Result</dt>
                  <dd>{labelOf(RESULT_TYPE_LABELS, f.resultType)}</dd>
                </div>
                <div>
                  <dt>Action</dt>
                  <dd data-testid="finding-action">{labelOf(ACTION_LABELS, f.action)}</dd>
                </div>
                <div>
                  <dt>Claim</dt>
                  <dd>{stored.claimId}</dd>
                </div>
                <div>
                  <dt>Institution</dt>
                  <dd>{stored.institutionCode}</dd>
                </div>
                <div>
                  <dt>Lines</dt>
                  <dd>{f.lineIds.length === 0 ? 'the whole claim' : f.lineIds.join(', ')}</dd>
                </div>
                <div>
                  <dt>Settlement</dt>
                  <dd>
                    {stored.settlementId === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <Link
                        to={`/settlements/${encodeURIComponent(stored.settlementId)}`}
                        data-testid="settlement-link"
                      >
                        <code>{stored.settlementId}</code>
                      </Link>
                    )}
                  </dd>
                </div>
                {stored.runId === null ? null : (
                  <div>
                    <dt>Review run</dt>
                    <dd>
                      <Link to={href('/supervision/findings', { runId: stored.runId })}>
                        <code>{stored.runId}</code>
                      </Link>
                    </dd>
                  </div>
                )}
                <div>
                  <dt>Found</dt>
                  <dd>{timestamp(stored.createdAt)}</dd>
                </div>
              </dl>
              <div className="panel">
                <h2>
                  Evidence <span className="zh">证据</span>
                </h2>
                <EvidenceTable evidence={f.evidence} />
              </div>
              <div className="panel">
                <h2>
                  Answer <span className="zh">医院反馈</span>
                </h2>
                {stored.response === null ? (
                  may(principal.role, 'respond_finding') ? (
                    <RespondForm id={stored.id} onAnswered={loaded.reload} />
                  ) : (
                    <p className="muted">Not answered yet.</p>
                  )
                ) : (
                  <Answer response={stored.response} />
                )}
              </div>
            </>
          );
        }}
      </Async>
    </section>
  );
}

function EvidenceTable({
  evidence,
}: {
  readonly evidence: StoredFindingView['finding']['evidence'];
}) {
  const rows = evidenceRows(evidence);
  if (rows.length === 0) return <p className="muted">The rule recorded no values.</p>;
  return (
    <table className="data evidence" data-testid="evidence">
      <caption className="visually-hidden">Evidence</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.key}</th>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Answer({ response }: { readonly response: NonNullable<StoredFindingView['response']> }) {
  return (
    <dl className="summary-facts" data-testid="answer">
      <div>
        <dt>Answer</dt>
        <dd data-testid="answer-value">{labelOf(RESPONSE_LABELS, response.answer)}</dd>
      </div>
      <div>
        <dt>Reason</dt>
        <dd>{response.reason === '' ? <span className="muted">—</span> : response.reason}</dd>
      </div>
      <div>
        <dt>By</dt>
        <dd>{response.by}</dd>
      </div>
      <div>
        <dt>At</dt>
        <dd>{timestamp(response.at)}</dd>
      </div>
    </dl>
  );
}

/** The hospital's answer (3103): continue with a reason, remove the line, or switch to self-pay. */
function RespondForm({ id, onAnswered }: { readonly id: string; readonly onAnswered: () => void }) {
  return (
    <ChoiceNoteForm
      label="Answer the finding"
      className="respond-form"
      choiceName="answer"
      legend="Answer"
      choices={FINDING_RESPONSES}
      choiceLabel={(r) => labelOf(RESPONSE_LABELS, r)}
      noteName="reason"
      noteLabel={(answer) => `Reason ${answer === 'continue' ? '(required)' : '(optional)'}`}
      check={(answer, reason) => ({
        ...(answer === '' ? { choice: 'Choose an answer.' } : {}),
        ...(answer === 'continue' && reason.trim() === ''
          ? { note: 'A reason is required to continue.' }
          : {}),
      })}
      send={(answer, reason) =>
        call(api.v1.findings[':id'].respond.$post({ param: { id }, json: { answer, reason } }))
      }
      onSent={onAnswered}
      submitLabel="Send the answer"
      busyLabel="Sending…"
    />
  );
}
