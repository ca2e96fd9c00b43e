package dev.trustedcompute.kbs.resources;

import dev.trustedcompute.kbs.crypto.MasterKeys;
import dev.trustedcompute.kbs.crypto.Sealed;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Resources encrypted at rest (envelope encryption): each resource has its own random AES-256 key, the content is
 * AES-256-GCM with the path as AAD, and the key is sealed under the active master key. Rotating the master key
 * re-seals only the per-resource keys ({@link #rewrapAll()}).
 */
@Service
public class ResourceStore {

    private static final Logger log = LoggerFactory.getLogger(ResourceStore.class);

    private final ResourceRepository repository;
    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final Clock clock;

    public ResourceStore(ResourceRepository repository, MasterKeys masterKeys, SecureRandom random, Clock clock) {
        this.repository = repository;
        this.masterKeys = masterKeys;
        this.random = random;
        this.clock = clock;
    }

    public void put(ResourcePath path, byte[] content) {
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        random.nextBytes(key);
        random.nextBytes(iv);
        try {
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, key, iv, path.toString(), content);
            Sealed sealedKey = masterKeys.seal(key, keyContext(path.toString()));
            repository.upsert(new StoredResource(path.toString(), iv, ciphertext, sealedKey), clock.instant());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    public Optional<byte[]> get(ResourcePath path) {
        return repository.find(path.toString()).map(stored -> {
            byte[] key = masterKeys.open(stored.sealedKey(), keyContext(stored.path()));
            try {
                return gcm(Cipher.DECRYPT_MODE, key, stored.contentIv(), stored.path(), stored.ciphertext());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        });
    }

    public boolean delete(ResourcePath path) {
        return repository.delete(path.toString());
    }

    /** Re-seals every resource key that is not under the active master key; returns how many were re-sealed. */
    public int rewrapAll() {
        int count = 0;
        for (StoredResource stored : repository.sealedUnderOtherThan(masterKeys.activeId())) {
            Sealed fresh = masterKeys.rewrap(stored.sealedKey(), keyContext(stored.path()));
            if (repository.replaceSealedKey(stored.path(), stored.sealedKey(), fresh)) {
                count++;
            }
        }
        if (count > 0) {
            log.info("re-sealed {} resource keys under master key '{}'", count, masterKeys.activeId());
        }
        return count;
    }

    private static String keyContext(String path) {
        return "resource:" + path;
    }

    private static byte[] gcm(int mode, byte[] key, byte[] iv, String path, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new dev.trustedcompute.kbs.crypto.SealedDataException("resource " + path + " failed authentication");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
