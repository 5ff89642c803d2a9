export declare const RENDERER_CSP: string;
