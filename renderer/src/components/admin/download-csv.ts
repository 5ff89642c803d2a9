// Saves a CSV the desk wrote (from the gateway's JSON, with the gateway's own writer) as a download.
export function downloadCsv(csv: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}
