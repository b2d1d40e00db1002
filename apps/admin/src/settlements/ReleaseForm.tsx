import { RELEASE_DECISIONS, type ReleaseDecision } from '@openpayer/domain';
import { api, call } from '../api/client.ts';
import { href, navigate } from '../app/router.ts';
import { ChoiceNoteForm } from '../ui/ChoiceNoteForm.tsx';

/** A reviewer's decisions on a held claim (@openpayer/domain's RELEASE_DECISIONS). */
const DECISIONS: Readonly<Record<ReleaseDecision, string>> = {
  pay: 'Pay: the holding findings become warnings (支付)',
  deduct: 'Deduct: the held lines are deducted (扣款)',
};

/**
 * A reviewer releases a claim a finding held: pay or deduct, with a note the ledger records. The
 * claim is settled anew (a new settlement); the page moves to it.
 */
export function ReleaseForm({ settlementId }: { readonly settlementId: string }) {
  return (
    <ChoiceNoteForm
      label="Release the held claim"
      className="panel release-form"
      heading={<h2>Release the held claim 审核放行</h2>}
      choiceName="decision"
      legend="Decision"
      choices={RELEASE_DECISIONS}
      choiceLabel={(d) => DECISIONS[d]}
      noteName="note"
      noteLabel={() => 'Note'}
      check={(decision, note) => ({
        ...(decision === '' ? { choice: 'Choose pay or deduct.' } : {}),
        ...(note.trim() === '' ? { note: 'Say why; the ledger records the note.' } : {}),
      })}
      send={(decision, note) =>
        call(
          api.v1.settlements[':id'].release.$post({
            param: { id: settlementId },
            json: { decision, note },
          }),
        )
      }
      onSent={(released) => {
        navigate(
          href(`/settlements/${encodeURIComponent(released.id)}`, { released: settlementId }),
        );
      }}
      submitLabel="Release"
      busyLabel="Releasing…"
    />
  );
}
