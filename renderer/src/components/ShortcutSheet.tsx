// The agent desk's keyboard shortcuts, on "?": one list, the one the desk's
// key handling follows. Every shortcut works in every search mode.
import { useEffect, useRef } from 'react';

export const DESK_SHORTCUTS: readonly { readonly keys: readonly string[]; readonly action: string }[] = [
  { keys: ['/', 'Ctrl+K'], action: 'Go to the search box' },
  { keys: ['Alt+1'], action: 'Search by customer ID' },
  { keys: ['Alt+2'], action: 'Search by order or transaction number' },
  { keys: ['Alt+3'], action: 'Search by card number (masked as you type)' },
  { keys: ['Enter'], action: 'Search, or open the result or recent customer in focus' },
  { keys: ['↓', '↑'], action: 'From the search box into the results, and through them' },
  { keys: ['?'], action: 'Show this list' },
  { keys: ['Esc'], action: 'Close this list' },
];

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="backdrop">
      <div className="card dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {DESK_SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' or '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button className="primary" type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
