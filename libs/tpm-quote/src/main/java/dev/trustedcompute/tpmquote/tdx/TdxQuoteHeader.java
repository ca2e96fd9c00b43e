package dev.trustedcompute.tpmquote.tdx;

import java.util.HexFormat;

/**
 * The 48-byte quote header (Intel TDX DCAP Quoting Library API, "Quote Header"), little-endian:
 * <pre>
 *   0  u16  version              4 or 5
 *   2  u16  attestation key type 2 = ECDSA-256-with-P-256
 *   4  u32  TEE type             0x00000081 = TDX
 *   8  u16  QE SVN               (RESERVED in v4 spec text; the QE writes its SVN here)
 *  10  u16  PCE SVN
 *  12  u8[16] QE vendor ID       939a7233f79c4ca9940a0db3957f0607 = Intel
 *  28  u8[20] user data          first 16 bytes: platform identifier chosen by the QE
 * </pre>
 */
public record TdxQuoteHeader(int version, int attestationKeyType, long teeType, int qeSvn, int pceSvn,
                             byte[] qeVendorId, byte[] userData, byte[] raw) {

    public static final int SIZE = 48;
    public static final int ATT_KEY_ECDSA_P256 = 2;
    public static final long TEE_TYPE_TDX = 0x81;

    public TdxQuoteHeader {
        qeVendorId = qeVendorId.clone();
        userData = userData.clone();
        raw = raw.clone();
    }

    @Override
    public byte[] qeVendorId() {
        return qeVendorId.clone();
    }

    @Override
    public byte[] userData() {
        return userData.clone();
    }

    /** The 48 header bytes as received. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public String qeVendorIdHex() {
        return HexFormat.of().formatHex(qeVendorId);
    }
}
