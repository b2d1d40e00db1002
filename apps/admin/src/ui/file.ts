import type { ChangeEvent } from 'react';

/** The API's largest request body (apps/api: 1 MiB); a larger file would only be refused there. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The name and text of the file chosen in an `<input type="file">`, or, for a file larger than
 * the API takes (`maxBytes`: the route's body limit, 1 MiB unless the route says more), why not
 * (`loaded` and `refused` are lines to show); undefined when none was chosen. The input is
 * cleared, so that choosing the same file again reads it again.
 */
export async function chosenText(
  event: ChangeEvent<HTMLInputElement>,
  maxBytes: number = MAX_FILE_BYTES,
): Promise<
  | { readonly name: string; readonly text: string; readonly loaded: string }
  | { readonly refused: string }
  | undefined
> {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (file === undefined) return undefined;
  const size = `${file.name} is ${file.size.toLocaleString('en')} bytes`;
  if (file.size > maxBytes) {
    return { refused: `${size}; the limit is ${maxBytes.toLocaleString('en')}.` };
  }
  return {
    name: file.name,
    loaded: `Loaded ${file.name} (${file.size.toLocaleString('en')} bytes).`,
    text: await file.text(),
  };
}
