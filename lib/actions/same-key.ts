/** A key as an inventory or a finding knows it: by id when ListAccessKeys read it, always by slot. */
export interface KeyRef {
  accessKeyId?: string | undefined;
  slot?: number | undefined;
}

/**
 * Whether an action on record (`accessKeyId`, `accessKeySlot`) was on this key: by id when both sides
 * know it, else by credential-report slot (the report has no key ids).
 */
export function isSameKey(k: KeyRef, r: { accessKeyId?: string | undefined; accessKeySlot: number }): boolean {
  return k.accessKeyId !== undefined && r.accessKeyId !== undefined ? k.accessKeyId === r.accessKeyId : k.slot === r.accessKeySlot;
}
