package dev.trustedcompute.loadgen.tpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A crypto-agile TCG event log with one SHA-256 bank (TCG PC Client PFP §10.2, little-endian) and the 24 PCR values
 * its replay gives (PCRs without events stay zero, as after TPM2_Startup from locality 0). Events: a POST code and
 * an EFI action, a separator in PCRs 0-7, boot loader and kernel command lines in PCRs 8 and 9, and one workload
 * measurement in PCR 11 (what KBS's default TPM policy checks against {@code tpm_pcr11}). Each event's digest is
 * SHA-256 of its data.
 */
public final class SyntheticEventLog {

    private static final int EV_POST_CODE = 0x01;
    private static final int EV_NO_ACTION = 0x03;
    private static final int EV_SEPARATOR = 0x04;
    private static final int EV_IPL = 0x0D;
    private static final int EV_EFI_ACTION = 0x80000007;

    private final byte[] bytes;
    private final SortedMap<Integer, byte[]> pcrs;

    private SyntheticEventLog(byte[] bytes, SortedMap<Integer, byte[]> pcrs) {
        this.bytes = bytes;
        this.pcrs = pcrs;
    }

    /** The log of a simulated node whose workload (PCR 11) is {@code workload}. */
    public static SyntheticEventLog of(String workload) {
        TreeMap<Integer, byte[]> pcrs = new TreeMap<>();
        for (int i = 0; i < 24; i++) {
            pcrs.put(i, new byte[32]);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.writeBytes(specIdEvent());
        event(log, pcrs, 0, EV_POST_CODE, ascii("loadgen simulated firmware POST"));
        event(log, pcrs, 4, EV_EFI_ACTION, ascii("Calling EFI Application from Boot Option"));
        for (int pcr = 0; pcr <= 7; pcr++) {
            event(log, pcrs, pcr, EV_SEPARATOR, new byte[4]);
        }
        event(log, pcrs, 8, EV_IPL, ascii("grub_cmd: linux /boot/vmlinuz root=/dev/vda1 ro\0"));
        event(log, pcrs, 9, EV_IPL, ascii("/boot/vmlinuz\0"));
        event(log, pcrs, 11, EV_IPL, ascii(workload + "\0"));
        pcrs.replaceAll((i, v) -> v.clone());
        return new SyntheticEventLog(log.toByteArray(), Collections.unmodifiableSortedMap(pcrs));
    }

    /** The log as {@code binary_bios_measurements} holds it. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** SHA-256 PCRs 0-23 after replay (do not modify the arrays). */
    public SortedMap<Integer, byte[]> sha256Pcrs() {
        return pcrs;
    }

    /** The legacy-format first event carrying TCG_EfiSpecIDEventStruct "Spec ID Event03" for SHA-256 only. */
    private static byte[] specIdEvent() {
        ByteBuffer spec = le(16 + 4 + 4 + 4 + 4 + 1);
        spec.put("Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII))
                .putInt(0)                                    // platformClass: client
                .put((byte) 0).put((byte) 2).put((byte) 0)    // version 2.0, errata 0
                .put((byte) 2)                                // uintnSize: UINT64
                .putInt(1).putShort((short) SoftTpm.TPM_ALG_SHA256).putShort((short) 32)
                .put((byte) 0);                               // vendorInfoSize
        byte[] data = spec.array();
        ByteBuffer event = le(4 + 4 + 20 + 4 + data.length);
        event.putInt(0).putInt(EV_NO_ACTION).put(new byte[20]).putInt(data.length).put(data);
        return event.array();
    }

    /** TCG_PCR_EVENT2 with one SHA-256 digest, extending the running PCR value. */
    private static void event(ByteArrayOutputStream log, TreeMap<Integer, byte[]> pcrs, int pcr, int type, byte[] data) {
        byte[] digest = SoftTpm.sha256().digest(data);
        MessageDigest extend = SoftTpm.sha256();
        extend.update(pcrs.get(pcr));
        extend.update(digest);
        pcrs.put(pcr, extend.digest());
        ByteBuffer event = le(4 + 4 + 4 + 2 + 32 + 4 + data.length);
        event.putInt(pcr).putInt(type).putInt(1).putShort((short) SoftTpm.TPM_ALG_SHA256).put(digest)
                .putInt(data.length).put(data);
        log.writeBytes(event.array());
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
