package dev.trustedcompute.kbs.resources;

import dev.trustedcompute.kbs.crypto.Sealed;

/**
 * A resource row: the content encrypted under its own key, and that key sealed under a master key.
 *
 * @param path       repository/type/tag
 * @param contentIv  AES-GCM IV of the content
 * @param ciphertext content ciphertext and tag (AAD = path)
 * @param sealedKey  the content key, sealed under a master key (context {@code resource:<path>})
 */
public record StoredResource(String path, byte[] contentIv, byte[] ciphertext, Sealed sealedKey) {
}
