// Whether leaving the open customer must first go through the wrap-up step:
// when the gateway's policy requires a code and this contact has none yet. A
// policy the desk could not read counts as required, so no contact ends unrecorded.
import { useEffect, useState } from 'react';
import type { WrapupOptions } from '../../../../shared/schemas/wrapup.ts';
import { errorText, useAgent } from '../../agent.tsx';

export interface WrapupPolicy {
  readonly options: WrapupOptions;
  readonly error: string | null;
}

const UNREAD: WrapupOptions = { required: true, codes: [], templates: [] };

/** The codes and templates in force, read once per desk. */
export function useWrapupPolicy(): WrapupPolicy {
  const agent = useAgent();
  const [policy, setPolicy] = useState<WrapupPolicy>({ options: UNREAD, error: null });
  useEffect(() => {
    void agent.wrapup.options({}).then((r) => setPolicy(r.ok ? { options: r.value, error: null } : { options: UNREAD, error: errorText(r.error) }));
  }, [agent]);
  return policy;
}

export const mustWrapUp = (policy: WrapupPolicy, openId: string | null, wrappedId: string | null): boolean =>
  openId !== null && policy.options.required && wrappedId !== openId;
