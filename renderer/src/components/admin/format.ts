// How admin tables show times: a dash for never.
export const when = (at: string | null): string => (at === null ? '—' : new Date(at).toLocaleString());
