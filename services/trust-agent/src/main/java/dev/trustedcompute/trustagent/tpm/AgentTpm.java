package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.Attested;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import tss.Tpm;
import tss.tpm.CreateResponse;
import tss.tpm.QuoteResponse;
import tss.tpm.TPMS_ID_OBJECT;
import tss.tpm.TPMS_NULL_SIG_SCHEME;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPMS_SENSITIVE_CREATE;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPMT_SIGNATURE;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_HT;
import tss.tpm.TPM_RH;

/**
 * The agent's TPM operations over TSS.Java. Each method opens its own {@link TpmSession} (so a swtpm or device
 * restart between operations does no harm) and flushes every transient object and session it created before
 * returning, also on failure. Methods are serialized: one agent process never talks to its TPM twice at once.
 *
 * <p>The EK is the TCG default RSA-2048 key, re-created from the endorsement seed when needed (it is never
 * persisted by the agent). The AK is a restricted signing key created as a child of the EK, so it lives in the
 * endorsement hierarchy and its quotes carry the un-obfuscated resetCount; it is made persistent at a
 * configured handle and so survives agent restarts and reboots.
 */
public final class AgentTpm {

    /** NV index of the RSA-2048 EK certificate (TCG EK Credential Profile). */
    public static final int EK_CERTIFICATE_INDEX = 0x01C00002;

    private static final int QUOTE_ATTEMPTS = 3;

    private final TpmEndpoint endpoint;
    private final SecureRandom random = new SecureRandom();

    public AgentTpm(TpmEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public TpmEndpoint endpoint() {
        return endpoint;
    }

    /** The EK's public area and, when provisioned, its certificate, which must certify this EK. */
    public synchronized EndorsementKey endorsementKey() throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            TPMT_PUBLIC ek = EndorsementKeys.create(s).outPublic;
            byte[] ekPublic = ek.toTpm();
            Optional<byte[]> certificate = NvIndices.read(s, EK_CERTIFICATE_INDEX).map(EndorsementKeys::trimDer);
            if (certificate.isPresent()) {
                EndorsementKeys.checkCertifies(certificate.get(), ekPublic);
            }
            return new EndorsementKey(ekPublic, certificate);
        }
    }

    /**
     * Creates a new AK under the EK and makes it persistent at {@code persistentHandle}, evicting whatever the
     * agent kept there before. Returns the AK's TPMT_PUBLIC.
     */
    public synchronized byte[] createAk(AkAlgorithm algorithm, int persistentHandle) throws AgentException {
        checkPersistent(persistentHandle);
        try (TpmSession s = TpmSession.open(endpoint)) {
            Tpm tpm = s.tpm();
            TPM_HANDLE ek = EndorsementKeys.create(s).handle;
            TPM_HANDLE createSession = EndorsementKeys.policySession(s, random);
            CreateResponse created = s.call("Create", () -> tpm._withSession(createSession)
                    .Create(ek, new TPMS_SENSITIVE_CREATE(), algorithm.template(), new byte[0],
                            new TPMS_PCR_SELECTION[0]));
            s.flush(createSession);
            TPM_HANDLE loadSession = EndorsementKeys.policySession(s, random);
            TPM_HANDLE ak = s.transientHandle(s.call("Load", () -> tpm._withSession(loadSession)
                    .Load(ek, created.outPrivate, created.outPublic)));
            s.flush(loadSession);
            TPM_HANDLE target = new TPM_HANDLE(persistentHandle);
            if (TpmHandles.list(s, TpmHandles.PERSISTENT_FIRST).contains(persistentHandle)) {
                s.run("EvictControl", () -> tpm.EvictControl(TPM_HANDLE.from(TPM_RH.OWNER), target, target));
            }
            s.run("EvictControl", () -> tpm.EvictControl(TPM_HANDLE.from(TPM_RH.OWNER), ak, target));
            return created.outPublic.toTpm();
        }
    }

    /** The TPMT_PUBLIC of the key at {@code persistentHandle}, or empty when nothing is persisted there. */
    public synchronized Optional<byte[]> persistentPublic(int persistentHandle) throws AgentException {
        checkPersistent(persistentHandle);
        try (TpmSession s = TpmSession.open(endpoint)) {
            if (!TpmHandles.list(s, TpmHandles.PERSISTENT_FIRST).contains(persistentHandle)) {
                return Optional.empty();
            }
            TPM_HANDLE handle = new TPM_HANDLE(persistentHandle);
            return Optional.of(s.call("ReadPublic", () -> s.tpm().ReadPublic(handle)).outPublic.toTpm());
        }
    }

    /**
     * TPM2_Quote with the AK at {@code akHandle} over {@code pcrs} with {@code qualifyingData} as extraData. The PCR
     * values are read right before the quote and must hash to its pcrDigest; if a PCR was extended in between,
     * the read and the quote are repeated (at most three times).
     */
    public synchronized TpmQuoteResult quote(int akHandle, PcrRequest pcrs, byte[] qualifyingData)
            throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            TPM_HANDLE ak = new TPM_HANDLE(akHandle);
            TPMS_PCR_SELECTION[] selection = PcrReader.selection(pcrs.banks());
            for (int attempt = 1; attempt <= QUOTE_ATTEMPTS; attempt++) {
                Map<TpmHash, SortedMap<Integer, byte[]>> values = PcrReader.read(s, pcrs);
                QuoteResponse q = s.call("Quote", () -> s.tpm().Quote(ak, qualifyingData, new TPMS_NULL_SIG_SCHEME(),
                        selection));
                byte[] attest = q.quoted.toTpm();
                byte[] signature = new TPMT_SIGNATURE(q.signature).toTpm();
                TpmsAttest parsed;
                TpmHash signatureHash;
                try {
                    parsed = TpmsAttest.parse(attest);
                    signatureHash = TpmtSignature.parse(signature).hash();
                } catch (EvidenceFormatException e) {
                    throw new AgentException(Failure.TPM_ERROR, "the TPM returned a quote that does not parse: "
                            + e.getMessage(), e);
                }
                if (parsed.attested() instanceof Attested.QuoteInfo info
                        && MessageDigest.isEqual(info.pcrDigest(), PcrReader.digest(signatureHash, values))) {
                    return new TpmQuoteResult(attest, signature, values);
                }
            }
            throw new AgentException(Failure.TPM_ERROR, "PCRs " + pcrs.banks() + " changed during each of "
                    + QUOTE_ATTEMPTS + " quote attempts");
        }
    }

    /** TPM2_PCR_Read of {@code pcrs} (the values tpm2_pcrread prints), per bank and index. */
    public synchronized Map<TpmHash, SortedMap<Integer, byte[]>> pcrRead(PcrRequest pcrs) throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            return PcrReader.read(s, pcrs);
        }
    }

    /**
     * TPM2_ActivateCredential: the TPM recovers the secret of a MakeCredential challenge only if it was made for
     * this TPM's EK and for the name of the AK at {@code akHandle}.
     *
     * @param integrityHmac   TPMS_ID_OBJECT.integrityHMAC (without its size)
     * @param encIdentity     TPMS_ID_OBJECT.encIdentity (encrypted, including its encrypted size)
     * @param encryptedSecret TPM2B_ENCRYPTED_SECRET contents (without the size)
     */
    public synchronized byte[] activateCredential(int akHandle, byte[] integrityHmac, byte[] encIdentity,
                                                  byte[] encryptedSecret) throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            Tpm tpm = s.tpm();
            TPM_HANDLE ek = EndorsementKeys.create(s).handle;
            TPM_HANDLE session = EndorsementKeys.policySession(s, random);
            TPM_HANDLE ak = new TPM_HANDLE(akHandle);
            return s.call("ActivateCredential", () -> tpm
                    ._withSessions(TPM_HANDLE.pwSession(new byte[0]), session)
                    .ActivateCredential(ak, ek, new TPMS_ID_OBJECT(integrityHmac, encIdentity), encryptedSecret));
        }
    }

    /** The TPM's reset and restart counters. */
    public synchronized TpmClock clock() throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            var info = s.call("ReadClock", () -> s.tpm().ReadClock()).clockInfo;
            return new TpmClock(Integer.toUnsignedLong(info.resetCount), Integer.toUnsignedLong(info.restartCount));
        }
    }

    /** The contents of an NV index, or empty when the index is not defined. */
    public synchronized Optional<byte[]> nvRead(int index) throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            return NvIndices.read(s, index);
        }
    }

    /**
     * Writes {@code data} at offset 0 of an NV index with the authorization its attributes allow (owner, else the
     * index's own empty auth). Returns false when the index is not defined.
     */
    public synchronized boolean nvWrite(int index, byte[] data) throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            if (!TpmHandles.list(s, TpmHandles.NV_INDEX_FIRST).contains(index)) {
                return false;
            }
            NvIndices.write(s, index, data);
            return true;
        }
    }

    /**
     * Handles of transient objects, loaded sessions and saved sessions currently in the TPM (all 0 after every
     * agent operation; swtpm has no resource manager that would hide a leak).
     */
    public synchronized List<Integer> transientHandles() throws AgentException {
        try (TpmSession s = TpmSession.open(endpoint)) {
            List<Integer> all = new ArrayList<>(TpmHandles.list(s, TPM_HT.TRANSIENT.toInt() << 24));
            all.addAll(TpmHandles.list(s, TPM_HT.LOADED_SESSION.toInt() << 24));
            all.addAll(TpmHandles.list(s, TPM_HT.SAVED_SESSION.toInt() << 24));
            return all;
        }
    }

    private static void checkPersistent(int handle) throws AgentException {
        if ((handle >>> 24) != (TpmHandles.PERSISTENT_FIRST >>> 24)) {
            throw new AgentException(Failure.BAD_INPUT, String.format(
                    "AK handle 0x%08x is not a persistent handle (0x81xxxxxx)", handle));
        }
    }
}
