package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.List;
import java.util.Optional;

/** Algorithm names of the API (tpm2-tools' lower-case names) and their libs/tpm-quote types. */
final class CcAlgorithms {

    private static final List<DigestAlgorithm> NAMED = List.of(DigestAlgorithm.SHA1, DigestAlgorithm.SHA256,
            DigestAlgorithm.SHA384, DigestAlgorithm.SHA512, DigestAlgorithm.SM3_256);

    private CcAlgorithms() {
    }

    static Optional<DigestAlgorithm> byName(String name) {
        return NAMED.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    static TpmHash tpmHash(DigestAlgorithm algorithm) {
        for (TpmHash h : TpmHash.values()) {
            if (h.algId() == algorithm.id()) {
                return h;
            }
        }
        throw new IllegalArgumentException(algorithm + " is not a TPM bank the agent reads");
    }

    static DigestAlgorithm of(TpmHash hash) {
        return DigestAlgorithm.known(hash.algId()).orElseThrow();
    }
}
