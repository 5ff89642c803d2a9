// The ways a card number may end up written in a file: plain, and grouped by
// 4 with spaces or dashes. Leak scans look for each.

/** The number grouped by 4 with dashes, as a form or a file name would write it. */
export const dashedPan = (pan: string): string => pan.replace(/(\d{4})(?=\d)/g, '$1-');

export function writtenForms(pan: string): string[] {
  return [pan, pan.replace(/(\d{4})(?=\d)/g, '$1 '), dashedPan(pan)];
}
