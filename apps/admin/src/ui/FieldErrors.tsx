/** A form field's error messages, each as the `field-error` line under the field. */
export function FieldErrors({
  messages,
  testId,
}: {
  readonly messages: readonly string[] | undefined;
  readonly testId?: string;
}) {
  return (messages ?? []).map((message, i) => (
    <span key={i} className="field-error" data-testid={testId}>
      {message}
    </span>
  ));
}
