import { type ApprovalWire, approvalFromWire, drawn, remaining } from '@openpayer/catalog';
import { may } from '@openpayer/domain';
import { useMemo, useState } from 'react';
import { api, call } from '../api/client.ts';
import { href } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { roleName } from '../session/SignIn.tsx';
import { Link } from '../ui/Link.tsx';
import { percent } from '../ui/format.ts';
import { Async, Empty, Loading } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { ApproveForm, RejectForm } from './DecisionForms.tsx';
import { KIND_LABELS, STATUS_LABELS, StatusBadge, TIER_LABELS, TITLE_LABELS } from './labels.tsx';
import { pseudonym } from './pseudonym.ts';

/** One approval: the request, the decision (or the forms to make it), the history, the drawdowns. */
export function ApprovalDetail({ id }: { readonly id: string }) {
  const loaded = useApi(() => call(api.v1.approvals[':id'].$get({ param: { id } })), [id]);
  const [decided, setDecided] = useState<{ id: string; message: string } | null>(null);

  return (
    <section className="approval-detail">
      <p className="breadcrumb">
        <Link to="/approvals">← Approval queue</Link>
      </p>
      <Async loaded={loaded} what={`approval ${id}`}>
        {({ approval }) => (
          <>
            <div className="heading-line">
              <h1>Approval {approval.id}</h1>
              <StatusBadge status={approval.status} />
              <span className="muted">{KIND_LABELS[approval.kind]}</span>
            </div>
            {decided !== null && decided.id === approval.id ? (
              <p className="banner banner-ok" role="status">
                {decided.message}
              </p>
            ) : null}
            <RequestFacts approval={approval} />
            <Decision
              approval={approval}
              onDecided={(stored) => {
                setDecided({
                  id: stored.approval.id,
                  message: `${STATUS_LABELS[stored.approval.status]} — recorded as revision ${stored.revision}.`,
                });
                loaded.reload();
              }}
            />
            <Drawdowns approval={approval} />
            <History approval={approval} />
          </>
        )}
      </Async>
    </section>
  );
}

function RequestFacts({ approval: a }: { readonly approval: ApprovalWire }) {
  return (
    <div className="panel">
      <h2>Request</h2>
      <dl className="approval-facts">
        <dt>Item</dt>
        <dd>
          {a.item.name} <code>{a.item.code}</code>{' '}
          <span className="muted">
            ({a.item.kind}
            {a.item.catalogItemId === undefined
              ? ', not in the catalog'
              : `, catalog item ${a.item.catalogItemId}`}
            )
          </span>
        </dd>
        <dt>Patient</dt>
        <dd>
          <span className="pseudonym" title="Pseudonym of the insured person">
            {pseudonym(a.personId)}
          </span>{' '}
          <span className="muted">(pseudonymised)</span>
        </dd>
        <dt>Institution</dt>
        <dd>
          {a.institution.code} · {TIER_LABELS[a.institution.tier] ?? a.institution.tier}
          {a.institution.allianceId === undefined
            ? null
            : ` · alliance ${a.institution.allianceId}`}
        </dd>
        <dt>Requested by</dt>
        <dd>
          {TITLE_LABELS[a.requestedBy.title]} <span className="muted">({a.requestedBy.id})</span>
        </dd>
        <dt>Requested on</dt>
        <dd>{a.requestedOn}</dd>
        <dt>Quantity</dt>
        <dd>
          {a.requestedQuantity} for {a.requestedDays} days
        </dd>
        <dt>Clinical justification</dt>
        <dd data-testid="approval-reason">{a.reason}</dd>
        <dt>Alternatives considered</dt>
        <dd>
          {a.alternativesConsidered.length === 0 ? (
            <span className="muted">none named</span>
          ) : (
            a.alternativesConsidered.join('；')
          )}
        </dd>
        <dt>Informed consent</dt>
        <dd>{a.informedConsent ? 'Signed 已签知情同意书' : 'Not signed'}</dd>
      </dl>
    </div>
  );
}

/**
 * The alliance whose lead hospital this key decides for, or null. GET /v1/me answers it
 * (`allianceId`, `isLeadHospital`, set by an administrator) and the session keeps that answer;
 * the API refuses anyone else (`approval.approver_not_lead_hospital`), so this only spares a
 * reviewer forms it cannot use.
 */
function leadHospitalOf(principal: ReturnType<typeof usePrincipal>): string | null {
  const { allianceId, isLeadHospital } = principal as {
    readonly allianceId?: unknown;
    readonly isLeadHospital?: unknown;
  };
  return isLeadHospital === true && typeof allianceId === 'string' ? allianceId : null;
}

function Decision({
  approval,
  onDecided,
}: {
  readonly approval: ApprovalWire;
  readonly onDecided: (stored: { approval: ApprovalWire; revision: number }) => void;
}) {
  const principal = usePrincipal();
  const d = approval.decision;
  if (approval.status === 'requested') {
    if (!may(principal.role, 'decide_approval')) {
      return (
        <div className="panel" data-testid="read-only">
          <h2>Decision</h2>
          <p className="muted">
            Pending. As {roleName(principal.role)} you can read this request; reviewers and
            administrators decide it.
          </p>
        </div>
      );
    }
    if (approval.kind === 'primary_care') {
      const alliance = approval.institution.allianceId ?? null;
      const lead = leadHospitalOf(principal);
      if (alliance === null || lead !== alliance) {
        return (
          <div className="panel" data-testid="lead-hospital-only">
            <h2>Decision</h2>
            <p className="muted">
              Pending. A primary institution’s request outside the primary-care formulary is decided
              by the lead hospital (牵头医院) of {alliance === null ? 'its alliance' : alliance};
              this key is not marked as its lead hospital.
            </p>
          </div>
        );
      }
    }
    return (
      <div className="panel">
        <h2>Decision</h2>
        {approval.kind === 'primary_care' ? (
          <p className="muted" data-testid="lead-hospital">
            As the lead hospital (牵头医院) of {approval.institution.allianceId} you decide this
            primary-care request.
          </p>
        ) : null}
        <div className="columns">
          <ApproveForm approval={approval} onDecided={onDecided} />
          <RejectForm approval={approval} onDecided={onDecided} />
        </div>
      </div>
    );
  }
  if (d === null) return null;
  return (
    <div className="panel">
      <h2>Decision</h2>
      <dl className="approval-facts" data-testid="decision">
        <dt>Decided</dt>
        <dd>
          {d.on} by {d.by.id} <span className="muted">({d.by.role})</span>
        </dd>
        <dt>Valid</dt>
        <dd>
          {d.validFrom} – {d.validTo}
        </dd>
        <dt>Approved quantity</dt>
        <dd>{d.approvedQuantity}</dd>
        {d.reimbursementRatio === null ? null : (
          <>
            <dt>Reimbursement ratio</dt>
            <dd>{percent(d.reimbursementRatio)}</dd>
          </>
        )}
        <dt>Comment</dt>
        <dd>{d.comment === '' ? <span className="muted">none</span> : d.comment}</dd>
      </dl>
    </div>
  );
}

function Drawdowns({ approval }: { readonly approval: ApprovalWire }) {
  // The engine's own arithmetic (exact decimals) for what is drawn and what is left.
  const figures = useMemo(() => {
    if (approval.decision === null) return null;
    const value = approvalFromWire(approval);
    return { drawn: drawn(value).toFixed(), remaining: remaining(value).toFixed() };
  }, [approval]);
  if (figures === null || approval.decision === null) return null;
  return (
    <div className="panel">
      <h2>Drawdowns</h2>
      <p className="remaining" data-testid="drawdown-summary">
        Approved <strong>{approval.decision.approvedQuantity}</strong> · drawn{' '}
        <strong data-testid="drawn">{figures.drawn}</strong> · remaining{' '}
        <strong data-testid="remaining">{figures.remaining}</strong>
      </p>
      {approval.drawdowns.length === 0 ? (
        <Empty>No settlement has drawn on this approval yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="drawdowns">
            <thead>
              <tr>
                <th scope="col">Settlement</th>
                <th scope="col">Institution</th>
                <th scope="col">Claim</th>
                <th scope="col">Line</th>
                <th scope="col">Service date</th>
                <th scope="col" className="num">
                  Quantity drawn
                </th>
              </tr>
            </thead>
            <tbody>
              {approval.drawdowns.map((dd) => (
                <tr key={`${dd.claimId}/${dd.lineId}`}>
                  <td>
                    <SettlementOfClaim claimId={dd.claimId} institution={dd.institutionCode} />
                  </td>
                  <td data-testid="drawdown-institution">{dd.institutionCode ?? '—'}</td>
                  <td>{dd.claimId}</td>
                  <td>{dd.lineId}</td>
                  <td>{dd.on}</td>
                  <td className="num">{dd.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The (unreversed) settlement of a claim: a drawdown names the claim; this finds its page. */
function SettlementOfClaim({
  claimId,
  institution,
}: {
  readonly claimId: string;
  readonly institution: string | undefined;
}) {
  // A claim id is unique within its institution (older drawdowns do not name it).
  const loaded = useApi(
    () =>
      call(
        api.v1.settlements.$get({
          query: {
            claim: claimId,
            status: 'settled',
            limit: '1',
            ...(institution === undefined ? {} : { institution }),
          },
        }),
      ),
    [claimId, institution],
  );
  if (loaded.state === 'loading') return <Loading what="settlement" />;
  const found = loaded.state === 'ok' ? loaded.data.items[0] : undefined;
  if (found === undefined) {
    return <Link to={href('/settlements', { claim: claimId })}>Find settlement</Link>;
  }
  return <Link to={`/settlements/${encodeURIComponent(found.id)}`}>{found.id}</Link>;
}

function History({ approval }: { readonly approval: ApprovalWire }) {
  return (
    <div className="panel">
      <h2>History</h2>
      <div className="table-wrap">
        <table className="data" data-testid="history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Transition</th>
              <th scope="col">By</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {approval.history.map((h, i) => (
              <tr key={i}>
                <td>{h.on}</td>
                <td>
                  {h.from === null ? 'opened' : STATUS_LABELS[h.from]} → {STATUS_LABELS[h.to]}
                </td>
                <td>{h.by}</td>
                <td>{h.comment ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
