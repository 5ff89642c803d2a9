// How a push source's own webhook payload becomes one of the records a source
// may upsert (shared/schemas/records.ts): declared as data per source, never
// code per field. A mapping applies when its `when` matches the payload; it
// names the record type, where the version is, and for each field of the
// record's data where its value is (a dot path into the payload), with an
// optional table of values (a carrier's "transit" is our "in_transit"), or a
// constant; an array field maps each of its items the same way.
import { z } from 'zod';
import { RecordTypeSchema } from './records.ts';

/** A dot path into a JSON payload: keys and array indexes, e.g. `data.object.id` or `events.0.code`. */
export const PayloadPathSchema = z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+){0,15}$/, { error: 'a dot path of keys: a.b.c' });

const JsonScalarSchema = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export interface FieldRule {
  readonly path?: string | undefined;
  readonly value?: z.infer<typeof JsonScalarSchema> | undefined;
  readonly map?: Readonly<Record<string, z.infer<typeof JsonScalarSchema>>> | undefined;
  /** An ISO timestamp or date read as epoch milliseconds (for a version). */
  readonly as?: 'epochMs' | undefined;
  readonly each?: Readonly<Record<string, FieldRule>> | undefined;
}

const FieldNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}(\.[A-Za-z][A-Za-z0-9]{0,39}){0,3}$/);

export const FieldRuleSchema: z.ZodType<FieldRule> = z.lazy(() =>
  z
    .object({
      path: PayloadPathSchema.optional(),
      value: JsonScalarSchema.optional(),
      map: z.record(z.string().max(100), JsonScalarSchema).optional(),
      as: z.literal('epochMs').optional(),
      each: z.record(FieldNameSchema, FieldRuleSchema).optional(),
    })
    .strict()
    .refine((rule) => (rule.path === undefined) !== (rule.value === undefined), { error: 'a field rule has a path or a value, not both' }),
);

export const WebhookMappingSchema = z
  .object({
    /** Applies when the payload's value at `path` equals `equals` (e.g. the event type); absent: always. */
    when: z.object({ path: PayloadPathSchema, equals: z.string().max(100) }).strict().optional(),
    type: RecordTypeSchema,
    version: FieldRuleSchema,
    /** Each field of the record's data (dot paths for nested ones, e.g. `card.expiry`). */
    fields: z.record(FieldNameSchema, FieldRuleSchema).refine((f) => Object.keys(f).length <= 40, { error: 'at most 40 fields' }),
  })
  .strict();
export type WebhookMapping = z.infer<typeof WebhookMappingSchema>;
export const WebhookMappingsSchema = z.array(WebhookMappingSchema).max(20);
