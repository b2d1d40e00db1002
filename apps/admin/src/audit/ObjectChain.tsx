import { type SyntheticEvent, useEffect, useState } from 'react';
import { type ApiResult } from '../api/client.ts';
import { navigate, useLocation } from '../app/router.ts';
import { timestamp } from '../ui/format.ts';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import {
  type ChainItem,
  type ChainView,
  type HeadView,
  getChain,
  getHead,
  getProof,
} from './api.ts';
import { type InclusionCheck, checkInclusion, verifiedHead } from './chain.ts';
import { parsePublicKey } from './keys.ts';
import { EVENT_LABEL, OBJECT_TYPE_LABEL, chainHref, shortHash } from './labels.ts';

interface ChainRow {
  readonly item: ChainItem;
  readonly check: InclusionCheck;
}

interface VerifiedChain {
  readonly chain: ChainView;
  readonly head: HeadView;
  readonly rows: readonly ChainRow[];
}

/**
 * An object's chain of changes, oldest first, each entry's inclusion in the signed tree proven in
 * the browser: the chain, then the latest signed head (it covers every entry listed), then each
 * entry's audit path against that head, checked with the key the API publishes.
 */
async function loadChain(type: string, id: string): Promise<ApiResult<VerifiedChain>> {
  const chain = await getChain(type, id);
  if (!chain.ok) return chain;
  const head = await getHead();
  if (!head.ok) return head;
  const key = parsePublicKey(head.data.publicKey);
  // The head's signature is checked once; every row's proof is checked against that head.
  const signed = key.ok ? verifiedHead(head.data.head, key.value.key) : undefined;
  const { treeSize } = head.data.head;
  const rows = await Promise.all(
    chain.data.items.map(async (item): Promise<ChainRow> => {
      if (!key.ok) {
        return {
          item,
          check: {
            ok: false,
            code: 'audit.bad_public_key',
            message: 'the API published no usable key',
          },
        };
      }
      if (signed === undefined) {
        return {
          item,
          check: {
            ok: false,
            code: 'audit.bad_signature',
            message: 'the tree head is not signed by the public key given',
          },
        };
      }
      if (item.index >= treeSize) {
        return {
          item,
          check: {
            ok: false,
            code: 'audit.not_signed_yet',
            message: `entry ${item.index} is after the signed head of ${treeSize} entries`,
          },
        };
      }
      const proof = await getProof(item.index, treeSize);
      return {
        item,
        check: proof.ok
          ? checkInclusion(item.entry, item.index, proof.data, signed)
          : { ok: false, code: proof.error.code, message: proof.error.message },
      };
    }),
  );
  return { ok: true, data: { chain: chain.data, head: head.data, rows } };
}

export function ObjectChain() {
  const { query } = useLocation();
  const type = query.get('type') ?? '';
  const id = query.get('id') ?? '';
  return (
    <>
      <ChainForm type={type} id={id} />
      {type === '' || id === '' ? (
        <Empty>
          Pick a kind of object and give its id to see every change the log holds of it.
        </Empty>
      ) : (
        <ChainTable type={type} id={id} />
      )}
    </>
  );
}

function ChainForm({ type, id }: { readonly type: string; readonly id: string }) {
  const [kind, setKind] = useState(type === '' ? 'settlement' : type);
  const [objectId, setObjectId] = useState(id);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (type !== '') setKind(type);
    setObjectId(id);
  }, [type, id]);

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    const wanted = objectId.trim();
    setMissing(wanted === '');
    if (wanted !== '') navigate(chainHref(kind, wanted));
  }

  const types = Object.keys(OBJECT_TYPE_LABEL);
  return (
    <form className="filters" role="search" aria-label="Find an object's chain" onSubmit={submit}>
      <label className="field">
        <span>Object type 对象类型</span>
        <select
          name="type"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
          }}
        >
          {(types.includes(kind) ? types : [...types, kind]).map((t) => (
            <option key={t} value={t}>
              {OBJECT_TYPE_LABEL[t] ?? t}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Object id 对象标识</span>
        <input
          name="id"
          value={objectId}
          placeholder="stl_…"
          spellCheck={false}
          aria-invalid={missing}
          onChange={(e) => {
            setObjectId(e.target.value);
          }}
        />
        {missing ? <span className="field-error">Give the object’s id.</span> : null}
      </label>
      <button type="submit" className="primary">
        Show chain
      </button>
    </form>
  );
}

function ChainTable({ type, id }: { readonly type: string; readonly id: string }) {
  const loaded = useApi(() => loadChain(type, id), [type, id]);
  return (
    <Async loaded={loaded} what={`the chain of ${type} ${id}`}>
      {({ rows, head }) =>
        rows.length === 0 ? (
          <Empty>
            The log holds no change of {OBJECT_TYPE_LABEL[type] ?? type} <code>{id}</code>.
          </Empty>
        ) : (
          <>
            <p className="muted" data-testid="chain-head">
              {rows.filter((r) => r.check.ok).length} of {rows.length} entries proven in the signed
              tree of {head.head.treeSize} entries (root{' '}
              <code className="hash">{shortHash(head.head.rootHash)}</code>, key{' '}
              <code className="hash">{shortHash(head.head.keyId)}</code>).
            </p>
            <div className="table-wrap">
              <table className="data audit-chain" data-testid="chain">
                <caption className="visually-hidden">
                  Changes of {type} {id}, oldest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Index 序号
                    </th>
                    <th scope="col">Change 变更</th>
                    <th scope="col">At 时间</th>
                    <th scope="col">Actor 操作人</th>
                    <th scope="col" title="Patients appear only as pseudonyms">
                      Person 参保人
                    </th>
                    <th scope="col">State hash 状态哈希</th>
                    <th scope="col">Inclusion 包含证明</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ item, check }) => (
                    <tr key={item.index} data-index={item.index}>
                      <td className="num" data-col="index">
                        {item.index}
                      </td>
                      <td data-col="kind">
                        {EVENT_LABEL[item.entry.kind]}
                        <div className="muted">
                          <code>{item.entry.kind}</code>
                        </div>
                      </td>
                      <td data-col="at" title={item.entry.at}>
                        {timestamp(item.entry.at)}
                      </td>
                      <td data-col="actor">
                        <code>{item.entry.actor}</code>
                      </td>
                      <td data-col="person">
                        {typeof item.entry.event['person'] === 'string' ? (
                          <code>{item.entry.event['person']}</code>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td data-col="state-hash">
                        <code className="hash" title={item.entry.stateHash}>
                          {shortHash(item.entry.stateHash)}
                        </code>
                      </td>
                      <td data-col="inclusion" data-testid="inclusion">
                        {check.ok ? (
                          <span className="badge badge-ok" title={`leaf ${check.leafHash}`}>
                            ✓ proof verified
                          </span>
                        ) : (
                          <span className="badge badge-error" title={check.message}>
                            ✗ {check.code}
                          </span>
                        )}
                        {check.ok ? null : <div className="muted">{check.message}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
      }
    </Async>
  );
}
