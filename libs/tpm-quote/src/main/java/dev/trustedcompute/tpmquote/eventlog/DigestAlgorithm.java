package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A TPM_ALG_ID hash algorithm and its digest size, as listed in the Spec ID event
 * ({@code TCG_EfiSpecIdEventAlgorithmSize{UINT16 algorithmId; UINT16 digestSize}}).
 * Unknown algorithm ids are representable (the log says how big their digests are) but cannot be replayed.
 *
 * @param id TPM_ALG_ID (TPM 2.0 Part 2, table 9)
 * @param size digest size in bytes
 */
public record DigestAlgorithm(int id, int size) {

    public static final DigestAlgorithm SHA1 = new DigestAlgorithm(0x0004, 20);
    public static final DigestAlgorithm SHA256 = new DigestAlgorithm(0x000B, 32);
    public static final DigestAlgorithm SHA384 = new DigestAlgorithm(0x000C, 48);
    public static final DigestAlgorithm SHA512 = new DigestAlgorithm(0x000D, 64);
    public static final DigestAlgorithm SM3_256 = new DigestAlgorithm(0x0012, 32);

    public DigestAlgorithm {
        if (id < 0 || id > 0xffff || size < 1 || size > 0xffff) {
            throw new IllegalArgumentException("bad algorithm " + id + "/" + size);
        }
    }

    /** The well-known algorithm with this id, if it is one. */
    public static Optional<DigestAlgorithm> known(int id) {
        return switch (id) {
            case 0x0004 -> Optional.of(SHA1);
            case 0x000B -> Optional.of(SHA256);
            case 0x000C -> Optional.of(SHA384);
            case 0x000D -> Optional.of(SHA512);
            case 0x0012 -> Optional.of(SM3_256);
            default -> Optional.empty();
        };
    }

    /** Lower-case name as tpm2-tools prints it ({@code sha256}), or {@code alg_0x....} when unknown. */
    public String name() {
        return switch (id) {
            case 0x0004 -> "sha1";
            case 0x000B -> "sha256";
            case 0x000C -> "sha384";
            case 0x000D -> "sha512";
            case 0x0012 -> "sm3_256";
            default -> String.format("alg_0x%04x", id);
        };
    }

    /** True when this is a well-known algorithm whose size matches the standard one. */
    public boolean isKnown() {
        return known(id).filter(this::equals).isPresent();
    }

    private Optional<String> jcaName() {
        if (!isKnown()) {
            return Optional.empty();
        }
        return switch (id) {
            case 0x0004 -> Optional.of("SHA-1");
            case 0x000B -> Optional.of("SHA-256");
            case 0x000C -> Optional.of("SHA-384");
            case 0x000D -> Optional.of("SHA-512");
            case 0x0012 -> Optional.of("SM3");
            default -> Optional.empty();
        };
    }

    /** A fresh digest for this algorithm; unknown algorithms cannot be computed. */
    public MessageDigest newDigest() throws VerificationException {
        String jca = jcaName().orElseThrow(() -> new VerificationException(Reason.UNSUPPORTED_ALGORITHM,
                "cannot compute digests for " + this));
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            if (id == 0x0012) {
                try {
                    return MessageDigest.getInstance(jca, new org.bouncycastle.jce.provider.BouncyCastleProvider());
                } catch (NoSuchAlgorithmException again) {
                    throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, "no provider for " + jca, again);
                }
            }
            throw new IllegalStateException("JDK without " + jca, e);
        }
    }

    /** hash(data) with this algorithm. */
    public byte[] hash(byte[] data) throws VerificationException {
        return newDigest().digest(data);
    }

    /** TPM2_PCR_Extend: hash(old || digest). */
    public byte[] extend(byte[] old, byte[] digest) throws VerificationException {
        MessageDigest md = newDigest();
        md.update(old);
        md.update(digest);
        return md.digest();
    }

    @Override
    public String toString() {
        return name();
    }
}
