import { type BatchHead } from '../../shared/audit-chain.ts';
export declare function verifyBatchSignature(publicKeyBase64Url: string, head: BatchHead, signatureBase64Url: string): boolean;
