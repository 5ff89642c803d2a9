export interface Prng {
    next(): number;
    int(min: number, max: number): number;
    pick<T>(items: readonly T[]): T;
    digits(count: number): string;
}
export declare function createPrng(seed: number): Prng;
