// A report table as PDF, drawn by pdfkit (a maintained library; no hand-written
// PDF): a title, lines of context, then the table, columns sized to the page,
// landscape A4, repeated header on every page.
import PDFDocument from 'pdfkit';

export interface PdfTable {
  readonly title: string;
  readonly lines: readonly string[];
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

const MARGIN = 36;
const ROW_HEIGHT = 14;
const FONT_SIZE = 7;

export function tablePdf(table: PdfTable, info: { createdAt: Date }): Promise<Buffer> {
  // A fixed creation date (the report's own time) makes the same report the same bytes.
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, info: { Title: table.title, Producer: 'Sentinel Desk gateway', CreationDate: info.createdAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(14).text(table.title);
  doc.font('Helvetica').fontSize(9);
  for (const line of table.lines) doc.text(line);
  doc.moveDown();
  const width = (doc.page.width - 2 * MARGIN) / Math.max(1, table.columns.length);
  const row = (cells: readonly (string | number)[], bold: boolean): void => {
    if (doc.y + ROW_HEIGHT > doc.page.height - MARGIN) {
      doc.addPage();
      row(table.columns, true);
    }
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    cells.forEach((cell, i) => {
      doc.text(String(cell), MARGIN + i * width, y, { width: width - 2, height: ROW_HEIGHT, ellipsis: true, lineBreak: false });
    });
    doc.x = MARGIN;
    doc.y = y + ROW_HEIGHT;
  };
  row(table.columns, true);
  for (const cells of table.rows) row(cells, false);
  doc.end();
  return done;
}
