package dev.trustedcompute.kbs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Makes Trustee admin tokens as Trustee's tooling does ({@code kbs/test/Makefile}): header
 * {@code {"alg":"EdDSA","typ":"JWT"}}, payload {@code {"iss","role","aud":["kbs"],"iat","exp"}}, Ed25519.
 */
public final class TrusteeAdminTokenFactory {

    private final KeyPair key;

    public TrusteeAdminTokenFactory() {
        try {
            this.key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public key as PEM SPKI (what {@code tc.kbs.admin.public-key-file} points at). */
    public Path writePublicKey() {
        try {
            Path file = Files.createTempFile("kbs-admin-", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String token(String role, Instant issuedAt, Instant expires) {
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"issuer\",\"role\":\"" + role + "\",\"aud\":[\"kbs\"],\"iat\":"
                + issuedAt.getEpochSecond() + ",\"exp\":" + expires.getEpochSecond() + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
