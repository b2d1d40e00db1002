/**
 * Display formatting. Money arrives from the API as exact decimal strings ("1582.50"); it is
 * grouped for reading without ever going through a JS number.
 */

/** "1234567.50" → "1,234,567.50"; a sign and any number of decimals are kept as sent. */
export function yuan(amount: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/u.exec(amount.trim());
  if (match === null) return amount;
  const [, sign = '', whole = '', fraction = ''] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/gu, ',')}${fraction}`;
}

/** "0.85" → "85%"; "0.125" → "12.5%" (exact: decimal point moved in the string). */
export function percent(ratio: string): string {
  const match = /^(\d+)(?:\.(\d*))?$/u.exec(ratio.trim());
  if (match === null) return ratio;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const digits = `${whole}${fraction.slice(0, 2)}`.replace(/^0+(?=\d)/u, '');
  const rest = fraction.slice(2).replace(/0+$/u, '');
  return `${digits}${rest === '' ? '' : `.${rest}`}%`;
}

/** An ISO timestamp as "2026-11-23 14:05" in the reader's time zone. */
export function timestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
