package dev.trustedcompute.kbs.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured AES-256 master keys. {@link #seal} encrypts under the active key with AES-256-GCM; the caller's
 * {@code context} (what the data is, e.g. {@code resource:repo/type/tag}) is the AAD, so a sealed blob cannot be
 * moved to another row. {@link #open} accepts any configured key, which is what lets rotation re-wrap old data.
 */
public final class MasterKeys {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String activeId;
    private final SecureRandom random;

    public MasterKeys(Map<String, SecretKey> keys, String activeId, SecureRandom random) {
        if (!keys.containsKey(activeId)) {
            throw new IllegalArgumentException("the active master key '" + activeId + "' is not among the configured keys "
                    + keys.keySet());
        }
        this.keys = Map.copyOf(keys);
        this.activeId = activeId;
        this.random = random;
    }

    /**
     * From configuration: id to base64 (standard) of 32 random bytes. Without an active id, a single configured key
     * is active; with several, the active one must be named.
     */
    public static MasterKeys fromConfig(Map<String, String> encoded, String activeId, SecureRandom random) {
        if (encoded.isEmpty()) {
            throw new IllegalStateException("no master key configured: set tc.kbs.master-keys.<id> to the base64 of "
                    + "32 random bytes (e.g. env TC_KBS_MASTER_KEYS_K1=$(head -c32 /dev/urandom | base64))");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        encoded.forEach((id, value) -> {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(value.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("master key '" + id + "' is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("master key '" + id + "' must be 32 bytes (AES-256), was " + raw.length);
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        String active = activeId;
        if (active == null || active.isBlank()) {
            if (keys.size() != 1) {
                throw new IllegalStateException("several master keys configured: name the active one in "
                        + "tc.kbs.active-master-key");
            }
            active = keys.keySet().iterator().next();
        }
        return new MasterKeys(keys, active, random);
    }

    public String activeId() {
        return activeId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    public Sealed seal(byte[] plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeId, iv, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Decrypts; a wrong context, unknown key or damaged blob is a {@link SealedDataException}. */
    public byte[] open(Sealed sealed, String context) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new SealedDataException("data is sealed under master key '" + sealed.keyId()
                    + "', which is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.iv()));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new SealedDataException("sealed data for " + context + " failed authentication (damaged, moved, "
                    + "or a different key under the same id)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Re-encrypts under the active key (rotation); data already under it is returned unchanged. */
    public Sealed rewrap(Sealed sealed, String context) {
        if (sealed.keyId().equals(activeId)) {
            return sealed;
        }
        return seal(open(sealed, context), context);
    }
}
