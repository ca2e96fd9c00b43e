package dev.trustedcompute.trustagent.ak;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.state.AkRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Creates the AK once and finds it again after restarts: the key lives at a persistent handle in the TPM and
 * its public area is recorded in the state directory. A persistent handle that no longer holds the recorded key
 * (evicted, TPM cleared, replaced by someone else) is an error that names the way out: onboard again.
 */
public final class AkManager {

    private static final System.Logger LOG = System.getLogger(AkManager.class.getName());

    private final AgentTpm tpm;
    private final StateDirectory state;

    public AkManager(AgentTpm tpm, StateDirectory state) {
        this.tpm = tpm;
        this.state = state;
    }

    /** The recorded AK, checked against the TPM; empty when the agent never created one. */
    public Optional<AttestationKey> current() throws AgentException {
        Optional<AkRecord> record = state.readJson(AkRecord.FILE, AkRecord.class);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        byte[] recorded = record.get().publicBytes();
        Optional<byte[]> inTpm = tpm.persistentPublic(record.get().handle());
        if (inTpm.isEmpty() || !Arrays.equals(inTpm.get(), recorded)) {
            throw new AgentException(Failure.NOT_ONBOARDED, String.format("the TPM no longer holds the AK recorded in "
                    + "%s at handle 0x%08x (%s); run 'trust-agent onboard' to create and register a new AK",
                    state.file(AkRecord.FILE), record.get().handle(), inTpm.isEmpty() ? "handle empty" : "another key"));
        }
        return Optional.of(new AttestationKey(record.get().handle(), parse(recorded)));
    }

    /** The recorded AK, or {@link Failure#NOT_ONBOARDED} naming the command that creates it. */
    public AttestationKey require() throws AgentException {
        return current().orElseThrow(() -> new AgentException(Failure.NOT_ONBOARDED, "no AK yet (no "
                + state.file(AkRecord.FILE) + "); run 'trust-agent onboard' first"));
    }

    /**
     * The recorded AK when the TPM still holds it with the requested algorithm; otherwise a new AK of
     * {@code algorithm} at {@code handle}, recorded.
     */
    public AttestationKey ensure(AkAlgorithm algorithm, int handle) throws AgentException {
        Optional<AkRecord> record = state.readJson(AkRecord.FILE, AkRecord.class);
        if (record.isPresent() && record.get().handle() == handle && record.get().algorithm() == algorithm) {
            Optional<byte[]> inTpm = tpm.persistentPublic(handle);
            if (inTpm.isPresent() && Arrays.equals(inTpm.get(), record.get().publicBytes())) {
                return new AttestationKey(handle, parse(inTpm.get()));
            }
            LOG.log(System.Logger.Level.WARNING, "recorded AK is no longer at handle 0x{0}; creating a new one",
                    Integer.toHexString(handle));
        }
        byte[] created = tpm.createAk(algorithm, handle);
        state.writeJson(AkRecord.FILE, new AkRecord(handle, algorithm, Base64.getEncoder().encodeToString(created)));
        LOG.log(System.Logger.Level.INFO, "created a {0} AK at persistent handle 0x{1}", algorithm,
                Integer.toHexString(handle));
        return new AttestationKey(handle, parse(created));
    }

    private static TpmtPublic parse(byte[] tpmtPublic) throws AgentException {
        try {
            return TpmtPublic.parse(tpmtPublic);
        } catch (EvidenceFormatException e) {
            throw new AgentException(Failure.TPM_ERROR, "the AK public area does not parse: " + e.getMessage(), e);
        }
    }
}
