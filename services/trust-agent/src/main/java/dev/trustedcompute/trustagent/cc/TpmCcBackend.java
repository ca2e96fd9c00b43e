package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.ak.AttestationKey;
import dev.trustedcompute.trustagent.evidence.EventLogSource;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.PcrRequest;
import dev.trustedcompute.trustagent.tpm.TpmQuoteResult;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The TPM (device or swtpm) through the agent's {@link AgentTpm}: 24 PCRs per bank, the firmware's TCG event log,
 * and quotes by the agent's AK (it must exist: {@code onboard}, or {@code run --dev}).
 */
public final class TpmCcBackend implements CcBackend {

    /** The bank quoted by {@code get_cc_report} and the default of {@code get_cc_measurement}. */
    private static final TpmHash DEFAULT_BANK = TpmHash.SHA256;

    private final AgentTpm tpm;
    private final AkManager akManager;
    private final EventLogSource eventLog;

    public TpmCcBackend(AgentTpm tpm, AkManager akManager, EventLogSource eventLog) {
        this.tpm = tpm;
        this.akManager = akManager;
        this.eventLog = eventLog;
    }

    @Override
    public String ccType() {
        return "tpm";
    }

    @Override
    public DigestAlgorithm defaultAlgorithm() {
        return CcAlgorithms.of(DEFAULT_BANK);
    }

    @Override
    public Set<DigestAlgorithm> algorithms() {
        return Set.of(DigestAlgorithm.SHA1, DigestAlgorithm.SHA256, DigestAlgorithm.SHA384, DigestAlgorithm.SHA512);
    }

    @Override
    public int measurementCount() {
        return PcrRequest.PCR_COUNT;
    }

    @Override
    public boolean replays(long index) {
        return index >= 0 && index < PcrRequest.PCR_COUNT;
    }

    @Override
    public CcMeasurement measurement(int index, DigestAlgorithm algorithm) throws CcException {
        TpmHash bank = CcAlgorithms.tpmHash(algorithm);
        Map<TpmHash, SortedMap<Integer, byte[]>> values;
        try {
            values = tpm.pcrRead(new PcrRequest(new TreeMap<>(Map.of(bank, new TreeSet<>(Set.of(index))))));
        } catch (AgentException e) {
            if (e.failure() == Failure.TPM_ERROR) {
                // PCR_Read answers an unallocated bank with an empty selection: the caller asked for a bank we lack
                throw new CcException(CcError.UNKNOWN_ALGORITHM, "the TPM " + tpm.endpoint() + " has no "
                        + algorithm + " PCR bank: " + e.getMessage(), e);
            }
            throw CcException.from(e);
        }
        return new CcMeasurement(index, algorithm.name(), HexFormat.of().formatHex(values.get(bank).get(index)));
    }

    @Override
    public List<TcgEvent> events() throws CcException {
        try {
            byte[] log = eventLog.read().orElseThrow(() -> new CcException(CcError.UNAVAILABLE,
                    "no TPM event log at " + eventLog.path() + " (set --event-log)"));
            return EventLog.parse(log).unverifiedEvents();
        } catch (AgentException e) {
            throw CcException.from(e);
        } catch (EvidenceFormatException e) {
            throw new CcException(CcError.UNAVAILABLE, "the TPM event log " + eventLog.path() + " does not parse: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public CcReport report(byte[] nonce, byte[] userData) throws CcException {
        byte[] qualifyingData = TpmHash.SHA256.digest(nonce, userData);
        try {
            AttestationKey ak = akManager.require();
            TpmQuoteResult quote = tpm.quote(ak.handle(), PcrRequest.all(DEFAULT_BANK), qualifyingData);
            Map<String, Map<Integer, String>> pcrs = new LinkedHashMap<>();
            quote.pcrs().forEach((bank, values) -> {
                Map<Integer, String> hex = new TreeMap<>();
                values.forEach((i, v) -> hex.put(i, HexFormat.of().formatHex(v)));
                pcrs.put(bank.label(), hex);
            });
            Base64.Encoder b64 = Base64.getEncoder();
            return new CcReport(ccType(), b64.encodeToString(quote.attest()), b64.encodeToString(quote.signature()),
                    b64.encodeToString(ak.tpmtPublic().publicBytes()), pcrs, HexFormat.of().formatHex(qualifyingData),
                    null);
        } catch (AgentException e) {
            throw CcException.from(e);
        }
    }
}
