// The ways a card number may end up written in a file: plain, and grouped by
// 4 with spaces or dashes. Leak scans look for each.
export function writtenForms(pan: string): string[] {
  return [pan, pan.replace(/(\d{4})(?=\d)/g, '$1 '), pan.replace(/(\d{4})(?=\d)/g, '$1-')];
}
