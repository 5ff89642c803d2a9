// One training module: its text, then its quiz. The gateway scores the answers
// (the desk never sees the right ones) and keeps every attempt.
import { useState } from 'react';
import type { QuizResult, TrainingModule } from '../../../../shared/schemas/training.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { Markdown } from '../../components/Markdown.tsx';

export function QuizStep({ module, onDone, onError }: { module: TrainingModule; onDone: () => Promise<void>; onError: (message: string) => void }) {
  const agent = useAgent();
  const [answers, setAnswers] = useState<(number | null)[]>(() => module.quiz.map(() => null));
  const [result, setResult] = useState<QuizResult | null>(null);
  const [busy, setBusy] = useState(false);
  const complete = answers.every((answer) => answer !== null);
  const submit = async (): Promise<void> => {
    setBusy(true);
    const r = await agent.training.submitQuiz({ moduleId: module.moduleId, version: module.version, answers: answers.map((answer) => answer ?? 0) });
    setBusy(false);
    if (!r.ok) {
      onError(errorText(r.error));
      return;
    }
    setResult(r.value);
    if (r.value.passed) await onDone();
  };
  const titleId = `module-${module.moduleId}`;
  return (
    <section className="card training-step" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {module.title} <span className="hint">version {module.version}</span>
      </h2>
      <Markdown source={module.body} headingLevel={3} />
      <h3>Quiz</h3>
      <p className="hint">{module.passPercent} % of right answers passes.</p>
      {module.quiz.map((question, q) => (
        <fieldset key={q} className="training-question">
          <legend>
            {q + 1}. {question.prompt}
          </legend>
          {question.choices.map((choice, c) => (
            <label key={c}>
              <input
                type="radio"
                name={`${module.moduleId}-q${String(q)}`}
                checked={answers[q] === c}
                onChange={() => {
                  setAnswers((now) => now.map((answer, i) => (i === q ? c : answer)));
                  setResult(null);
                }}
              />{' '}
              {choice}
            </label>
          ))}
        </fieldset>
      ))}
      {result !== null && !result.passed && (
        <p className="error" role="alert">
          You scored {result.score} %; {module.passPercent} % passes. Read the module again and change your answers.
        </p>
      )}
      <button type="button" className="primary" disabled={!complete || busy} onClick={() => void submit()}>
        Submit answers
      </button>
    </section>
  );
}
