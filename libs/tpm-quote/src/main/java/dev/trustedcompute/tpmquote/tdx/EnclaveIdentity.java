package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Intel PCS QE identity for TDX ({@code GET /tdx/certification/v4/qe/identity}, id "TD_QE", version 2),
 * parsed but NOT verified. Response: {@code {"enclaveIdentity":{...},"signature":"<hex r||s>"}}; the
 * signature covers the exact bytes of the {@code enclaveIdentity} value, kept in {@link #signedBytes()}.
 *
 * @param miscSelect     MISCSELECT as a 32-bit value (PCS writes it as 8 hex digits, most significant first)
 * @param attributes     16 attribute bytes in SGX REPORT order
 */
public record EnclaveIdentity(String id, int version, Instant issueDate, Instant nextUpdate,
                              int tcbEvaluationDataNumber, long miscSelect, long miscSelectMask, byte[] attributes,
                              byte[] attributesMask, byte[] mrSigner, int isvProdId,
                              List<TcbInfo.IsvSvnLevel> tcbLevels, byte[] signedBytes, byte[] signature) {

    public EnclaveIdentity {
        attributes = attributes.clone();
        attributesMask = attributesMask.clone();
        mrSigner = mrSigner.clone();
        tcbLevels = List.copyOf(tcbLevels);
        signedBytes = signedBytes.clone();
        signature = signature.clone();
    }

    @Override public byte[] attributes() { return attributes.clone(); }
    @Override public byte[] attributesMask() { return attributesMask.clone(); }
    @Override public byte[] mrSigner() { return mrSigner.clone(); }
    @Override public byte[] signedBytes() { return signedBytes.clone(); }
    @Override public byte[] signature() { return signature.clone(); }

    public static EnclaveIdentity parseResponse(byte[] response) throws EvidenceFormatException {
        JsonFields top = new JsonFields(Json.parse(response, "qeIdentityResponse"), "qeIdentityResponse");
        Json.Value body = top.value("enclaveIdentity");
        byte[] signed = Arrays.copyOfRange(response, body.start(), body.end());
        return fromBody(new JsonFields(body, "enclaveIdentity"), signed, top.hex("signature", 64));
    }

    public static EnclaveIdentity parse(byte[] identityJson, byte[] signature) throws EvidenceFormatException {
        if (signature.length != 64) {
            throw new EvidenceFormatException("enclaveIdentity.signature", "expected 64 bytes r||s, got "
                    + signature.length);
        }
        return fromBody(new JsonFields(Json.parse(identityJson, "enclaveIdentity"), "enclaveIdentity"),
                identityJson, signature);
    }

    private static EnclaveIdentity fromBody(JsonFields e, byte[] signed, byte[] signature)
            throws EvidenceFormatException {
        String id = e.string("id");
        int version = e.integer("version");
        if (!"TD_QE".equals(id) || version != 2) {
            throw new EvidenceFormatException(e.value("id").start(), "enclaveIdentity.id",
                    "expected TD_QE identity version 2, got id " + id + " version " + version);
        }
        return new EnclaveIdentity(id, version, e.instant("issueDate"), e.instant("nextUpdate"),
                e.integer("tcbEvaluationDataNumber"), u32(e.hex("miscselect", 4)), u32(e.hex("miscselectMask", 4)),
                e.hex("attributes", 16), e.hex("attributesMask", 16), e.hex("mrsigner", 32), e.integer("isvprodid"),
                TcbInfo.isvSvnLevels(e), signed, signature);
    }

    private static long u32(byte[] bigEndian) {
        long v = 0;
        for (byte b : bigEndian) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }
}
