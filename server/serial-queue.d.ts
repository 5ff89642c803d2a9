export interface SerialQueue {
    run<T>(task: () => Promise<T>): Promise<T>;
}
export declare function createSerialQueue(): SerialQueue;
