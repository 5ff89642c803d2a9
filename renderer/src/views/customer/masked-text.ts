// Free text an agent types about a customer (a note, a wrap-up note): a card
// number typed or pasted is masked in the field at once, so it never sits in the page.
import { useState } from 'react';
import { findPans, redactPans } from '../../../../shared/pan.ts';

export function useMaskedText(onChange: () => void) {
  const [text, setText] = useState('');
  const [masked, setMasked] = useState(false);
  const change = (value: string) => {
    const found = findPans(value).length > 0;
    setText(found ? redactPans(value) : value);
    if (found) setMasked(true);
    onChange();
  };
  const clear = () => {
    setText('');
    setMasked(false);
  };
  return { text, masked, change, clear };
}
