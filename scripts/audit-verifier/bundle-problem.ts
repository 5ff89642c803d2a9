// The verifier's one failure: the first thing wrong with the bundle, and the
// index of the entry it concerns when there is one.
export class BundleProblem extends Error {
  override readonly name = 'BundleProblem';
  readonly index: number | null;
  constructor(index: number | null, message: string) {
    super(message);
    this.index = index;
  }
}
