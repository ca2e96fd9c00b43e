package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import tss.Tpm;
import tss.tpm.CreatePrimaryResponse;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPMA_OBJECT;
import tss.tpm.TPMS_NULL_ASYM_SCHEME;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPMS_RSA_PARMS;
import tss.tpm.TPMS_SENSITIVE_CREATE;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPMT_SYM_DEF;
import tss.tpm.TPMT_SYM_DEF_OBJECT;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_RH;
import tss.tpm.TPM_SE;

/**
 * The TCG default RSA-2048 EK: re-created from the endorsement seed, used through PolicySecret(TPM_RH_ENDORSEMENT)
 * sessions, and matched against the EK certificate the manufacturer left in NV.
 */
final class EndorsementKeys {

    /** PolicySecret(TPM_RH_ENDORSEMENT) digest, the authPolicy of every TCG default EK. */
    private static final byte[] EK_POLICY = HexFormat.of()
            .parseHex("837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");

    private EndorsementKeys() {
    }

    /**
     * The TCG default RSA-2048 EK template (EK Credential Profile 2.0, template L-1): its key is the one the
     * manufacturer's EK certificate at NV index 0x01C00002 certifies. Use needs PolicySecret(TPM_RH_ENDORSEMENT).
     */
    static TPMT_PUBLIC template() {
        return new TPMT_PUBLIC(TPM_ALG_ID.SHA256,
                new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent, TPMA_OBJECT.sensitiveDataOrigin,
                        TPMA_OBJECT.adminWithPolicy, TPMA_OBJECT.restricted, TPMA_OBJECT.decrypt),
                EK_POLICY,
                new TPMS_RSA_PARMS(new TPMT_SYM_DEF_OBJECT(TPM_ALG_ID.AES, 128, TPM_ALG_ID.CFB),
                        new TPMS_NULL_ASYM_SCHEME(), 2048, 0),
                new TPM2B_PUBLIC_KEY_RSA(new byte[256]));
    }

    /** The EK as a transient object of {@code s} (flushed when the session closes). */
    static CreatePrimaryResponse create(TpmSession s) throws AgentException {
        CreatePrimaryResponse ek = s.call("CreatePrimary", () -> s.tpm().CreatePrimary(
                TPM_HANDLE.from(TPM_RH.ENDORSEMENT), new TPMS_SENSITIVE_CREATE(), template(),
                new byte[0], new TPMS_PCR_SELECTION[0]));
        s.transientHandle(ek.handle);
        return ek;
    }

    /** A policy session satisfying the EK's PolicySecret(TPM_RH_ENDORSEMENT); good for one use of the EK. */
    static TPM_HANDLE policySession(TpmSession s, SecureRandom random) throws AgentException {
        Tpm tpm = s.tpm();
        byte[] nonceCaller = new byte[16];
        random.nextBytes(nonceCaller);
        TPM_HANDLE session = s.transientHandle(s.call("StartAuthSession", () -> tpm.StartAuthSession(
                TPM_HANDLE.NULL, TPM_HANDLE.NULL, nonceCaller, new byte[0], TPM_SE.POLICY, TPMT_SYM_DEF.nullObject(),
                TPM_ALG_ID.SHA256)).handle);
        s.run("PolicySecret", () -> tpm.PolicySecret(tpm._EndorsementHandle, session, new byte[0], new byte[0],
                new byte[0], 0));
        return session;
    }

    /** A DER certificate without the padding some TPMs leave after it in a larger NV index. */
    static byte[] trimDer(byte[] nv) {
        if (nv.length < 4 || nv[0] != 0x30) {
            return nv;
        }
        int lengthByte = nv[1] & 0xff;
        if (lengthByte < 0x80) {
            return Arrays.copyOf(nv, Math.min(nv.length, 2 + lengthByte));
        }
        int octets = lengthByte & 0x7f;
        if (octets > 3 || nv.length < 2 + octets) {
            return nv;
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (nv[2 + i] & 0xff);
        }
        return Arrays.copyOf(nv, Math.min(nv.length, 2 + octets + length));
    }

    /** Fails unless {@code certificate} (DER) certifies the RSA key of {@code ekPublic} (TPMT_PUBLIC). */
    static void checkCertifies(byte[] certificate, byte[] ekPublic) throws AgentException {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            TpmtPublic ek = TpmtPublic.parse(ekPublic);
            if (!(cert.getPublicKey() instanceof RSAPublicKey certKey)
                    || !certKey.getModulus().equals(((RSAPublicKey) ek.publicKey()).getModulus())) {
                throw new AgentException(Failure.TPM_ERROR, "the EK certificate in NV index 0x"
                        + Integer.toHexString(AgentTpm.EK_CERTIFICATE_INDEX) + " does not certify the TPM's RSA-2048 EK");
            }
        } catch (CertificateException e) {
            throw new AgentException(Failure.TPM_ERROR, "the EK certificate in NV index 0x"
                    + Integer.toHexString(AgentTpm.EK_CERTIFICATE_INDEX) + " is not an X.509 certificate: " + e.getMessage(), e);
        } catch (EvidenceFormatException e) {
            throw new AgentException(Failure.TPM_ERROR, "the TPM returned an EK public area that does not parse: "
                    + e.getMessage(), e);
        }
    }
}
