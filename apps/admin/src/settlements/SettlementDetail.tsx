import { may } from '@openpayer/domain';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { chainHref } from '../audit/labels.ts';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';
import { timestamp } from '../ui/format.ts';
import { AccumulatorsTable } from '../ui/settlement/AccumulatorsTable.tsx';
import { ExplanationsTable } from '../ui/settlement/ExplanationsTable.tsx';
import { LinesTable } from '../ui/settlement/LinesTable.tsx';
import { LayerFigures, PayersTable } from '../ui/settlement/Payers.tsx';
import { Async, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type SettlementBody, checkBody } from './body.ts';
import { ReverseDialog } from './ReverseDialog.tsx';
import { ReleaseForm } from './ReleaseForm.tsx';
import { STATUS_BADGE } from './filters.ts';
import { FindingsTable } from '../supervision/FindingsTable.tsx';
import { href, useLocation } from '../app/router.ts';

/** One settlement: the claim's lines and their split, the payers, explanations, and reversal. */
export function SettlementDetail({ id }: { readonly id: string }) {
  const principal = usePrincipal();
  const loaded = useApi(() => call(api.v1.settlements[':id'].$get({ param: { id } })), [id]);
  const [confirming, setConfirming] = useState(false);
  const releasedFrom = useLocation().query.get('released');

  return (
    <section className="settlement-detail">
      <p className="breadcrumb">
        <Link to="/settlements">← Settlements</Link>
      </p>
      <Async loaded={loaded} what={`settlement ${id}`}>
        {(stored) => {
          const parsed = checkBody(stored.settlement);
          const mayReverse = may(principal.role, 'reverse') && stored.status === 'settled';
          return (
            <>
              <div className="heading-line">
                <h1>Settlement {stored.id}</h1>
                <span className={STATUS_BADGE[stored.status]} data-testid="settlement-status">
                  {stored.status}
                </span>
                <span className="spacer" />
                {mayReverse ? (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirming(true);
                    }}
                  >
                    Reverse…
                  </button>
                ) : null}
              </div>
              {releasedFrom === null ? null : (
                <p className="banner banner-ok" role="status" data-testid="released">
                  Released held settlement{' '}
                  <Link to={`/settlements/${encodeURIComponent(releasedFrom)}`}>
                    <code>{releasedFrom}</code>
                  </Link>
                  : the claim is settled anew here.
                </p>
              )}
              {stored.status === 'held' ? (
                <p className="banner banner-error" data-testid="held">
                  Held for review (暂缓支付): a review finding holds this claim; the person&rsquo;s
                  accumulators are untouched until a reviewer releases it.
                </p>
              ) : null}
              {stored.reversal === undefined ? null : (
                <p className="banner banner-error" data-testid="reversal">
                  Reversed {timestamp(stored.reversal.at)} by <strong>{stored.reversal.by}</strong>:{' '}
                  {stored.reversal.reason}
                </p>
              )}
              <div className="panel">
                <dl className="settlement-facts">
                  <dt>Claim</dt>
                  <dd>{stored.claimId}</dd>
                  <dt>Institution</dt>
                  <dd>{stored.institutionCode}</dd>
                  <dt>Service date</dt>
                  <dd>{stored.serviceDate ?? '—'}</dd>
                  {may(principal.role, 'read_audit') ? (
                    <>
                      <dt>Audit log</dt>
                      <dd>
                        <Link
                          to={chainHref('settlement', stored.id)}
                          data-testid="audit-chain-link"
                        >
                          Chain of changes 变更链
                        </Link>
                      </dd>
                    </>
                  ) : null}
                  {stored.createdAt === undefined ? null : (
                    <>
                      <dt>Settled</dt>
                      <dd>{timestamp(stored.createdAt)}</dd>
                    </>
                  )}
                  {parsed.success ? (
                    <>
                      <dt>Versions used</dt>
                      <dd data-testid="versions">
                        policy <code>{parsed.data.versions.policy}</code> · catalog{' '}
                        <code>{parsed.data.versions.catalog}</code>
                      </dd>
                    </>
                  ) : null}
                </dl>
              </div>
              {stored.status === 'held' && may(principal.role, 'release_claim') ? (
                <ReleaseForm settlementId={stored.id} />
              ) : null}
              {parsed.success &&
              parsed.data.findings !== undefined &&
              parsed.data.findings.length > 0 ? (
                <div className="panel">
                  <h2>Review findings 智能审核</h2>
                  <FindingsTable
                    findings={parsed.data.findings}
                    findingsLink={href('/supervision/findings', { settlementId: stored.id })}
                  />
                </div>
              ) : null}
              {parsed.success ? (
                <Body body={parsed.data} />
              ) : (
                <ErrorState
                  error={{
                    status: 0,
                    code: 'unexpected_settlement',
                    message: 'the stored settlement does not have the expected shape',
                    issues: parsed.error.issues.map((i) => ({
                      code: `schema.${i.code}`,
                      severity: 'error' as const,
                      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
                      message: i.message,
                    })),
                  }}
                />
              )}
              {mayReverse || confirming ? (
                <ReverseDialog
                  settlementId={stored.id}
                  claimId={stored.claimId}
                  open={confirming}
                  onClose={() => {
                    setConfirming(false);
                  }}
                  onReversed={() => {
                    setConfirming(false);
                    loaded.reload();
                  }}
                />
              ) : null}
            </>
          );
        }}
      </Async>
    </section>
  );
}

function Body({ body }: { readonly body: SettlementBody }) {
  return (
    <>
      <div className="columns">
        <div className="panel">
          <h2>Payers</h2>
          <PayersTable payers={body.payers} total={body.total} />
        </div>
        <div className="panel">
          <h2>Layers</h2>
          <LayerFigures settlement={body} />
        </div>
      </div>

      <div className="panel">
        <h2>Lines</h2>
        <LinesTable lines={body.lines} />
      </div>

      <div className="panel">
        <h2>Explanations</h2>
        <ExplanationsTable explanations={body.explanations} />
      </div>

      {/* The person's year-to-date figures before and after (not who they are: no person id here). */}
      <div className="panel">
        <h2>Accumulators {body.accumulatorsAfter.year}</h2>
        <AccumulatorsTable before={body.accumulatorsBefore} after={body.accumulatorsAfter} />
      </div>
    </>
  );
}
