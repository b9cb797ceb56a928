import { z } from 'zod';

/**
 * How bot tokens and alert-channel secrets are sealed at rest, as Settings shows it: with
 * the OS keychain (Electron's safeStorage), or with a key file in the data folder, and why.
 */
export const secretProtectionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('keychain'),
    /** The Linux password store in use (e.g. gnome_libsecret); null on macOS and Windows. */
    backend: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('key_file'),
    file: z.string(),
    /**
     * not_desktop: headless mode or the doctor, which have no keychain. keychain_unavailable:
     * safeStorage says it cannot encrypt. no_secret_service: Linux found no secret service
     * (backend basic_text), where safeStorage would encrypt with a password built into Chromium.
     */
    reason: z.enum(['not_desktop', 'keychain_unavailable', 'no_secret_service']),
    backend: z.string().nullable(),
  }),
]);
export type SecretProtection = z.infer<typeof secretProtectionSchema>;
