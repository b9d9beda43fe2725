import { z } from 'zod';

export const digestCadenceSchema = z.enum(['daily', 'weekly', 'off']);
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const weekdaySchema = z.enum(weekdays);

export type DigestCadence = z.infer<typeof digestCadenceSchema>;
export type Weekday = z.infer<typeof weekdaySchema>;

/** When an audience's digest goes out, in the portal's time zone. */
const timingShape = {
  cadence: digestCadenceSchema.default('off'),
  /** The weekly digest's day; a daily one ignores it. */
  weekday: weekdaySchema.default('monday'),
  /** The hour of the day (0-23) from which the digest is sent. */
  hour: z.number().int().min(0).max(23).default(8),
};

const ownerIdSchema = z.string().regex(/^\d+$/, 'a HubSpot owner id (digits)');

/** A portal's digests: one per CSM (their companies) and one per manager address (the whole portfolio). */
export const digestSettingsSchema = z.object({
  csm: z
    .object({
      ...timingShape,
      /** The CSMs (HubSpot owner ids) who receive one; null: every CSM looking after a customer (assigned at hand-off, else the owner), at their email. */
      ownerIds: z.array(ownerIdSchema).max(500).nullable().default(null),
    })
    .prefault({}),
  manager: z
    .object({
      ...timingShape,
      recipients: z.array(z.email()).max(50).default([]),
    })
    .prefault({}),
  email: z
    .object({
      /** Sent over SMTP_URL; without it the email delivery is skipped (and says so). */
      enabled: z.boolean().default(true),
      from: z.email().default('cs-digest@localhost'),
    })
    .prefault({}),
  webhook: z
    .object({
      /** Receives each digest as JSON, signed like the playbooks' webhooks; null: no webhook. */
      url: z
        .url()
        .refine((url) => /^https?:\/\//.test(url), 'an http(s) URL')
        .nullable()
        .default(null),
    })
    .prefault({}),
});

export type DigestSettings = z.infer<typeof digestSettingsSchema>;
