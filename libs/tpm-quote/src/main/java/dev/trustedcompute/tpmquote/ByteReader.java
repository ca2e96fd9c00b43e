package dev.trustedcompute.tpmquote;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Bounds-checked cursor over a byte array. Every read names the field it reads so that short or
 * inconsistent input becomes an {@link EvidenceFormatException} pointing at the offending field.
 * TPM structures are big-endian; TCG event logs, SEV-SNP and TDX structures are little-endian.
 */
public final class ByteReader {

    private final byte[] data;
    private final int end;
    private final ByteOrder order;
    private int position;

    private ByteReader(byte[] data, int start, int end, ByteOrder order) {
        this.data = data;
        this.position = start;
        this.end = end;
        this.order = order;
    }

    public static ByteReader bigEndian(byte[] data) {
        return new ByteReader(data, 0, data.length, ByteOrder.BIG_ENDIAN);
    }

    public static ByteReader littleEndian(byte[] data) {
        return new ByteReader(data, 0, data.length, ByteOrder.LITTLE_ENDIAN);
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    public int u8(String field) throws EvidenceFormatException {
        require(1, field);
        return data[position++] & 0xff;
    }

    public int u16(String field) throws EvidenceFormatException {
        require(2, field);
        int b0 = data[position] & 0xff;
        int b1 = data[position + 1] & 0xff;
        position += 2;
        return order == ByteOrder.BIG_ENDIAN ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    /** Unsigned 32-bit value, returned in a long so callers cannot mistake it for a negative int. */
    public long u32(String field) throws EvidenceFormatException {
        require(4, field);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = data[position + (order == ByteOrder.BIG_ENDIAN ? i : 3 - i)] & 0xff;
            value = (value << 8) | b;
        }
        position += 4;
        return value;
    }

    /** 64-bit value; callers treat it as unsigned where the format says so. */
    public long u64(String field) throws EvidenceFormatException {
        require(8, field);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int b = data[position + (order == ByteOrder.BIG_ENDIAN ? i : 7 - i)] & 0xff;
            value = (value << 8) | b;
        }
        position += 8;
        return value;
    }

    /** A u32 length that must fit in what is left and stay under {@code max}; checked before any allocation. */
    public int length32(String field, int max) throws EvidenceFormatException {
        int at = position;
        long length = u32(field);
        return checkLength(at, field, length, max);
    }

    /** A u16 length (TPM2B size) that must fit in what is left and stay under {@code max}. */
    public int length16(String field, int max) throws EvidenceFormatException {
        int at = position;
        int length = u16(field);
        return checkLength(at, field, length, max);
    }

    private int checkLength(int at, String field, long length, int max) throws EvidenceFormatException {
        if (length > max) {
            throw new EvidenceFormatException(at, field, "length " + length + " exceeds the maximum " + max);
        }
        if (length > remaining()) {
            throw new EvidenceFormatException(at, field, "length " + length + " exceeds the "
                    + remaining() + " bytes left");
        }
        return (int) length;
    }

    public byte[] bytes(int length, String field) throws EvidenceFormatException {
        if (length < 0) {
            throw new EvidenceFormatException(position, field, "negative length " + length);
        }
        require(length, field);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** TPM2B_*: a big-endian u16 size followed by that many bytes. */
    public byte[] tpm2b(String field, int max) throws EvidenceFormatException {
        int length = length16(field + ".size", max);
        return bytes(length, field);
    }

    public void skip(int length, String field) throws EvidenceFormatException {
        require(length, field);
        position += length;
    }

    /** A reader over the next {@code length} bytes; this reader moves past them. */
    public ByteReader slice(int length, String field) throws EvidenceFormatException {
        require(length, field);
        ByteReader sub = new ByteReader(data, position, position + length, order);
        position += length;
        return sub;
    }

    /** Rejects trailing bytes: a structure must consume exactly its input. */
    public void expectEnd(String structure) throws EvidenceFormatException {
        if (position != end) {
            throw new EvidenceFormatException(position, structure, (end - position) + " trailing bytes");
        }
    }

    private void require(int count, String field) throws EvidenceFormatException {
        if (count < 0 || count > end - position) {
            throw new EvidenceFormatException(position, field, "needs " + count + " bytes but only "
                    + (end - position) + " are left");
        }
    }
}
