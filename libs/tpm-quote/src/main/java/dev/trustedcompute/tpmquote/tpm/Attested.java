package dev.trustedcompute.tpmquote.tpm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * TPMU_ATTEST (TPM 2.0 Part 2 §10.12.11): the type-specific body of a TPMS_ATTEST. Types this library
 * does not interpret (audit, time, NV) are kept as {@link Other} with their raw bytes.
 */
public sealed interface Attested {

    /** TPM_ST_ATTEST_QUOTE (0x8018): TPMS_QUOTE_INFO = TPML_PCR_SELECTION pcrSelect; TPM2B_DIGEST pcrDigest. */
    record QuoteInfo(PcrSelectionList pcrSelect, byte[] pcrDigest) implements Attested {
        public QuoteInfo {
            pcrDigest = pcrDigest.clone();
        }

        @Override
        public byte[] pcrDigest() {
            return pcrDigest.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QuoteInfo q && q.pcrSelect.equals(pcrSelect) && Arrays.equals(q.pcrDigest, pcrDigest);
        }

        @Override
        public int hashCode() {
            return pcrSelect.hashCode() * 31 + Arrays.hashCode(pcrDigest);
        }

        @Override
        public String toString() {
            return "QuoteInfo[" + pcrSelect + ", pcrDigest=" + HexFormat.of().formatHex(pcrDigest) + "]";
        }
    }

    /** TPM_ST_ATTEST_CERTIFY (0x8017): TPMS_CERTIFY_INFO = TPM2B_NAME name; TPM2B_NAME qualifiedName. */
    record CertifyInfo(byte[] name, byte[] qualifiedName) implements Attested {
        public CertifyInfo {
            name = name.clone();
            qualifiedName = qualifiedName.clone();
        }

        @Override
        public byte[] name() {
            return name.clone();
        }

        @Override
        public byte[] qualifiedName() {
            return qualifiedName.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CertifyInfo c && Arrays.equals(c.name, name) && Arrays.equals(c.qualifiedName, qualifiedName);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(name) * 31 + Arrays.hashCode(qualifiedName);
        }

        @Override
        public String toString() {
            return "CertifyInfo[name=" + HexFormat.of().formatHex(name) + "]";
        }
    }

    /** TPM_ST_ATTEST_CREATION (0x801A): TPMS_CREATION_INFO = TPM2B_NAME objectName; TPM2B_DIGEST creationHash. */
    record CreationInfo(byte[] objectName, byte[] creationHash) implements Attested {
        public CreationInfo {
            objectName = objectName.clone();
            creationHash = creationHash.clone();
        }

        @Override
        public byte[] objectName() {
            return objectName.clone();
        }

        @Override
        public byte[] creationHash() {
            return creationHash.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CreationInfo c && Arrays.equals(c.objectName, objectName)
                    && Arrays.equals(c.creationHash, creationHash);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(objectName) * 31 + Arrays.hashCode(creationHash);
        }

        @Override
        public String toString() {
            return "CreationInfo[objectName=" + HexFormat.of().formatHex(objectName) + "]";
        }
    }

    /** Any other TPMI_ST_ATTEST: the body is kept unparsed. */
    record Other(int type, byte[] body) implements Attested {
        public Other {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other x && x.type == type && Arrays.equals(x.body, body);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return String.format("Other[type=0x%04x, %d bytes]", type, body.length);
        }
    }
}
