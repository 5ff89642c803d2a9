// Reading a submitted admin form: a text field's value, empty when absent.
export const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};
