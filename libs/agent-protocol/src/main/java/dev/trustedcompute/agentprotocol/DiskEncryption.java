package dev.trustedcompute.agentprotocol;

/**
 * Whether the root file system sits on an encrypted block device, as the agent found it.
 *
 * @param rootEncrypted true when the root device is (on) a dm-crypt mapping
 * @param method        for example {@code LUKS2}; null when unencrypted or unknown
 */
public record DiskEncryption(boolean rootEncrypted, String method) {
}
