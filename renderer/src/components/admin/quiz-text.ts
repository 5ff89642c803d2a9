// The quiz of a training module as an admin types it: a question starts with
// "?", each choice with "-", and the right choice with "*".
//   ? Which digits may you ask a caller for?
//   - All sixteen
//   * The last four
import type { PublishModuleRequest } from '../../../../shared/schemas/training.ts';

type Quiz = PublishModuleRequest['quiz'];

export function parseQuiz(text: string): { ok: true; quiz: Quiz } | { ok: false; error: string } {
  const quiz: { prompt: string; choices: string[]; correct: number }[] = [];
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const marker = line[0];
    const rest = line.slice(1).trim();
    const current = quiz.at(-1);
    if (marker === '?') quiz.push({ prompt: rest, choices: [], correct: -1 });
    else if ((marker === '-' || marker === '*') && current !== undefined) {
      if (marker === '*') {
        if (current.correct >= 0) return { ok: false, error: `Line ${String(n + 1)}: a question has one right choice` };
        current.correct = current.choices.length;
      }
      current.choices.push(rest);
    } else return { ok: false, error: `Line ${String(n + 1)}: start a question with "?", a choice with "-", the right choice with "*"` };
  }
  if (quiz.length === 0) return { ok: false, error: 'Write at least one question' };
  const unmarked = quiz.findIndex((question) => question.correct < 0 || question.choices.length < 2);
  if (unmarked >= 0) return { ok: false, error: `Question ${String(unmarked + 1)} needs two choices or more, one marked "*"` };
  return { ok: true, quiz };
}
