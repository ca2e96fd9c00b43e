package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * TPMS_ATTEST (TPM 2.0 Part 2 §10.12.12), the structure a TPM signs in TPM2_Quote, TPM2_Certify and
 * TPM2_CertifyCreation. Parsed, not verified: nothing here is trustworthy until
 * {@link AkPublic#verify} has checked the signature over {@link #attestBytes()}.
 * <pre>
 * TPM_GENERATED   magic;            // 0xff544347 ("\xffTCG") for TPM-made structures
 * TPMI_ST_ATTEST  type;             // 0x8018 quote, 0x8017 certify, 0x801a creation, ...
 * TPM2B_NAME      qualifiedSigner;
 * TPM2B_DATA      extraData;        // the verifier's nonce
 * TPMS_CLOCK_INFO clockInfo;
 * UINT64          firmwareVersion;
 * TPMU_ATTEST     attested;         // selected by type
 * </pre>
 * Wrong magic or type is not a parse error: the verifier reports it as a {@code VerificationException}.
 */
public record TpmsAttest(long magic, int type, byte[] qualifiedSigner, byte[] extraData, ClockInfo clockInfo,
                         long firmwareVersion, Attested attested, byte[] attestBytes) {

    /** TPM_GENERATED_VALUE. */
    public static final long TPM_GENERATED_VALUE = 0xff544347L;
    /** TPM_ST_ATTEST_CERTIFY. */
    public static final int ST_ATTEST_CERTIFY = 0x8017;
    /** TPM_ST_ATTEST_QUOTE. */
    public static final int ST_ATTEST_QUOTE = 0x8018;
    /** TPM_ST_ATTEST_CREATION. */
    public static final int ST_ATTEST_CREATION = 0x801A;

    /** sizeof(TPMU_NAME): a TPM2B_NAME holds a handle or an algorithm id plus a SHA-512 digest. */
    static final int MAX_NAME = 2 + 64;
    /** sizeof(TPMT_HA) bounds TPM2B_DATA and TPM2B_DIGEST. */
    static final int MAX_DATA = 2 + 64;
    static final int MAX_DIGEST = 64;
    /** MAX_ATTEST_SIZE is implementation specific; real ones are a few hundred bytes. */
    static final int MAX_ATTEST = 4096;

    public TpmsAttest {
        qualifiedSigner = qualifiedSigner.clone();
        extraData = extraData.clone();
        attestBytes = attestBytes.clone();
    }

    /**
     * Parses a marshalled TPMS_ATTEST (what tpm2-tools {@code tpm2_quote -m} and go-tpm-tools write, i.e.
     * the contents of TPM2B_ATTEST without its size). Trailing bytes are rejected.
     */
    public static TpmsAttest parse(byte[] bytes) throws EvidenceFormatException {
        if (bytes.length > MAX_ATTEST) {
            throw new EvidenceFormatException(0, "TPMS_ATTEST", "length " + bytes.length + " exceeds " + MAX_ATTEST);
        }
        ByteReader in = ByteReader.bigEndian(bytes);
        long magic = in.u32("TPMS_ATTEST.magic");
        int type = in.u16("TPMS_ATTEST.type");
        byte[] signer = in.tpm2b("TPMS_ATTEST.qualifiedSigner", MAX_NAME);
        byte[] extra = in.tpm2b("TPMS_ATTEST.extraData", MAX_DATA);
        long clock = in.u64("TPMS_CLOCK_INFO.clock");
        long resetCount = in.u32("TPMS_CLOCK_INFO.resetCount");
        long restartCount = in.u32("TPMS_CLOCK_INFO.restartCount");
        int safeAt = in.position();
        int safe = in.u8("TPMS_CLOCK_INFO.safe");
        if (safe > 1) {
            throw new EvidenceFormatException(safeAt, "TPMS_CLOCK_INFO.safe", "TPMI_YES_NO value " + safe);
        }
        long firmware = in.u64("TPMS_ATTEST.firmwareVersion");
        Attested attested = switch (type) {
            case ST_ATTEST_QUOTE -> new Attested.QuoteInfo(PcrSelectionList.read(in),
                    in.tpm2b("TPMS_QUOTE_INFO.pcrDigest", MAX_DIGEST));
            case ST_ATTEST_CERTIFY -> new Attested.CertifyInfo(in.tpm2b("TPMS_CERTIFY_INFO.name", MAX_NAME),
                    in.tpm2b("TPMS_CERTIFY_INFO.qualifiedName", MAX_NAME));
            case ST_ATTEST_CREATION -> new Attested.CreationInfo(in.tpm2b("TPMS_CREATION_INFO.objectName", MAX_NAME),
                    in.tpm2b("TPMS_CREATION_INFO.creationHash", MAX_DIGEST));
            default -> new Attested.Other(type, in.bytes(in.remaining(), "TPMU_ATTEST"));
        };
        in.expectEnd("TPMS_ATTEST");
        return new TpmsAttest(magic, type, signer, extra, new ClockInfo(clock, resetCount, restartCount, safe == 1),
                firmware, attested, bytes);
    }

    /**
     * Parses a TPM2B_ATTEST: a big-endian u16 size followed by the TPMS_ATTEST (what TPM2_Quote returns on
     * the wire). {@link #attestBytes()} is then the inner TPMS_ATTEST, the bytes the TPM signed.
     */
    public static TpmsAttest parseTpm2b(byte[] bytes) throws EvidenceFormatException {
        ByteReader in = ByteReader.bigEndian(bytes);
        byte[] inner = in.tpm2b("TPM2B_ATTEST", MAX_ATTEST);
        in.expectEnd("TPM2B_ATTEST");
        return parse(inner);
    }

    @Override
    public byte[] qualifiedSigner() {
        return qualifiedSigner.clone();
    }

    @Override
    public byte[] extraData() {
        return extraData.clone();
    }

    /** The exact bytes received and signed by the TPM. */
    @Override
    public byte[] attestBytes() {
        return attestBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmsAttest a && Arrays.equals(a.attestBytes, attestBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(attestBytes);
    }

    @Override
    public String toString() {
        return String.format("TpmsAttest[magic=0x%08x, type=0x%04x, extraData=%s, %s, firmware=0x%016x, %s]",
                magic, type, HexFormat.of().formatHex(extraData), clockInfo, firmwareVersion, attested);
    }
}
