// The desk's markdown: the training material admins publish and the role
// manuals, drawn as React elements from a small subset (headings, paragraphs,
// lists, **bold** and `code`). Nothing is parsed as HTML and nothing reaches
// innerHTML, so an admin's text cannot run or load anything under the CSP:
// a tag in it shows as the text it is.
import type { ReactNode } from 'react';

type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: string[] }
  | { readonly kind: 'paragraph'; readonly text: string };

const HEADING = /^(#{1,3})\s+(.*)$/;
const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function markdownBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const line of source.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = bullet === null ? NUMBERED.exec(line) : null;
    const last = blocks.at(-1);
    if (heading !== null) {
      endParagraph();
      blocks.push({ kind: 'heading', level: heading[1]?.length as 1 | 2 | 3, text: heading[2] ?? '' });
    } else if (bullet !== null || numbered !== null) {
      endParagraph();
      const ordered = numbered !== null;
      const item = (bullet ?? numbered)?.[1] ?? '';
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item);
      else blocks.push({ kind: 'list', ordered, items: [item] });
    } else if (line.trim() === '') {
      endParagraph();
    } else {
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  return blocks;
}

/** **bold** and `code` inside a line; everything else is text. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/).map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <code key={i}>{part.slice(1, -1)}</code>;
    return part;
  });
}

/** `headingLevel`: the HTML level of a `#` heading, so the text sits under the page's own headings. */
export function Markdown({ source, headingLevel = 2 }: { source: string; headingLevel?: 2 | 3 }) {
  return (
    <div className="markdown">
      {markdownBlocks(source).map((block, i) => {
        if (block.kind === 'heading') {
          const level = Math.min(headingLevel + block.level - 1, 6);
          const Tag = `h${level}` as 'h2';
          return <Tag key={i}>{inline(block.text)}</Tag>;
        }
        if (block.kind === 'list') {
          const items = block.items.map((item, j) => <li key={j}>{inline(item)}</li>);
          return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
        }
        return <p key={i}>{inline(block.text)}</p>;
      })}
    </div>
  );
}
