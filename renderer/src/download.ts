// Hands the person a file the desk built (a CSV, an export package): a blob URL
// clicked once and revoked, so nothing is kept in the renderer afterwards.
export function downloadFile(name: string, content: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([content], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
