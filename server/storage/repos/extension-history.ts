// The customer-history line every subscription extension leaves, so the next
// agent on the call sees what was granted, why, and until when.
export function extensionHistoryText(change: { product: string; days: number; newExpiresAt: string; reason: string }): string {
  return `Extended ${change.product} by ${change.days} days, new expiry ${change.newExpiresAt.slice(0, 10)}. Reason: ${change.reason}`;
}
