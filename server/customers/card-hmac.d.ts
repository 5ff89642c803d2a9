export declare function panHmac(pepper: Buffer, panDigits: string): string;
