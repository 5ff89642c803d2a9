export declare function runPreview(): Promise<void>;
