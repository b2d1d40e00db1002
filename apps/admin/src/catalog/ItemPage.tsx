import { may } from '@openpayer/domain';
import { type ReactNode, useState } from 'react';
import { href } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { yuan } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type ItemView, getItem } from './api.ts';
import { readSearch, searchQuery } from './filters.ts';
import { CLASS_LABEL, KIND_LABEL, STRUCTURING_LABEL, periodText } from './labels.ts';
import { StructuredRestrictions } from './Restrictions.tsx';
import { RestrictionEditor } from './RestrictionEditor.tsx';

/**
 * `/catalog/items?release=…&id=…` (plus the search's filters, for the way back): everything a
 * fund administrator checks about one entry, and its restriction text as published beside what
 * the importer read from it.
 */
export function ItemPage({ query }: { readonly query: URLSearchParams }) {
  const releaseId = query.get('release') ?? '';
  const itemId = query.get('id') ?? '';
  const back = href('/catalog', searchQuery(readSearch(query)));
  const item = useApi(
    () =>
      releaseId === '' || itemId === ''
        ? Promise.resolve({
            ok: false as const,
            error: {
              status: 0,
              code: 'missing_parameter',
              message: 'no release or item id in the address',
              issues: [],
            },
          })
        : getItem(releaseId, itemId),
    [releaseId, itemId],
  );

  return (
    <>
      <p className="back">
        <Link to={back}>← Back to the search</Link>
      </p>
      <Async loaded={item} what="the item">
        {(data) => <ItemDetail item={data} releaseId={releaseId} />}
      </Async>
    </>
  );
}

function ItemDetail({ item, releaseId }: { readonly item: ItemView; readonly releaseId: string }) {
  const principal = usePrincipal();
  return (
    <article className="item-detail" aria-labelledby="item-title">
      <header className="item-head">
        <h2 id="item-title" lang="zh">
          {item.name}
        </h2>
        <span className={`badge class-${item.coverageClass}`}>
          {CLASS_LABEL[item.coverageClass]}
        </span>
        {item.negotiated ? <span className="badge badge-info">negotiated</span> : null}
        <span className={`badge structuring-${item.structuring}`}>
          {STRUCTURING_LABEL[item.structuring]}
        </span>
      </header>
      <p className="muted">
        <code>{item.id}</code> in release <code>{releaseId}</code>
      </p>

      <div className="panel">
        <dl className="facts">
          <Fact term="Kind">{KIND_LABEL[item.kind]}</Fact>
          <Fact term="Class">{CLASS_LABEL[item.coverageClass]}</Fact>
          <Fact term="Section 部分">
            <span lang="zh">{item.section}</span>
          </Fact>
          <Fact term="Category 分类">
            {item.categoryCode === null ? (
              <span className="muted">—</span>
            ) : (
              <>
                <code>{item.categoryCode}</code> <span lang="zh">{item.categoryName}</span>
              </>
            )}
          </Fact>
          <Fact term="Dosage form 剂型">
            {item.dosageForm ?? <span className="muted">not given</span>}
          </Fact>
          <Fact term="Negotiated 谈判/竞价">{item.negotiated ? 'yes' : 'no'}</Fact>
          <Fact term="Agreement window 协议有效期">
            {item.agreement === null ? (
              <span className="muted">none</span>
            ) : (
              periodText(item.agreement)
            )}
          </Fact>
          <Fact term="Payment standard 支付标准">
            <PaymentStandard standard={item.paymentStandard} />
          </Fact>
          <Fact term="National codes 医保代码">
            <Codes codes={item.codes} />
          </Fact>
        </dl>
      </div>

      <h3>Restricted payment scope 限定支付范围</h3>
      {item.unparsed.length > 0 ? (
        <div className="banner banner-warning" role="note" data-testid="unparsed">
          <p>
            <strong>
              {item.unparsed.length} {item.unparsed.length === 1 ? 'fragment' : 'fragments'} of the
              text could not be turned into restrictions
            </strong>{' '}
            — the engine cannot check {item.unparsed.length === 1 ? 'it' : 'them'} on a claim; an
            administrator should finish {item.unparsed.length === 1 ? 'it' : 'them'}.
          </p>
          <ul lang="zh">
            {item.unparsed.map((fragment, i) => (
              <li key={i}>{fragment}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="side-by-side">
        <section className="panel" aria-labelledby="original-text">
          <h4 id="original-text">As published</h4>
          {item.restrictionText === null ? (
            <p className="muted">No restriction text: payable within the item’s class.</p>
          ) : (
            <blockquote className="original" lang="zh" data-testid="restriction-text">
              {item.restrictionText}
            </blockquote>
          )}
        </section>
        <section className="panel" aria-labelledby="structured-text">
          <h4 id="structured-text">As the importer read it</h4>
          <StructuredRestrictions item={item} />
        </section>
      </div>
      {may(principal.role, 'edit_catalog') ? (
        <RestrictionEditor key={`${releaseId} ${item.id}`} item={item} releaseId={releaseId} />
      ) : null}
    </article>
  );
}

function Fact({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function PaymentStandard({ standard }: { readonly standard: ItemView['paymentStandard'] }) {
  if (standard === null) return <span className="muted">none published</span>;
  if (standard.confidential) {
    return <span>confidential negotiated price (published as “*”)</span>;
  }
  return (
    <div>
      <span lang="zh">{standard.text}</span>
      {!standard.parsed ? (
        <span className="badge badge-warning">could not be read into prices</span>
      ) : null}
      {standard.prices.length > 0 ? (
        <ul className="prices">
          {standard.prices.map((p, i) => (
            <li key={i}>
              <span className="num">¥{yuan(p.amount)}</span> per <span lang="zh">{p.unit}</span>
              {p.tier === undefined ? null : (
                <span className="muted"> ({p.tier} institutions)</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const CODES_SHOWN = 12;

function Codes({ codes }: { readonly codes: readonly string[] }) {
  const [all, setAll] = useState(false);
  if (codes.length === 0) {
    return <span className="muted">none listed — claim lines match by generic code or name</span>;
  }
  const shown = all ? codes : codes.slice(0, CODES_SHOWN);
  return (
    <div>
      <ul className="codes">
        {shown.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      {codes.length > CODES_SHOWN ? (
        <button
          type="button"
          className="link"
          aria-expanded={all}
          onClick={() => {
            setAll(!all);
          }}
        >
          {all ? 'Show fewer' : `Show all ${codes.length.toLocaleString('en')} codes`}
        </button>
      ) : null}
    </div>
  );
}
