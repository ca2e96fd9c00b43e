package dev.trustedcompute.loadgen.tpm;

import java.io.ByteArrayOutputStream;

/** Marshals TPM structures: big-endian integers and TPM2B (u16 size + bytes), TPM 2.0 Part 1 §9.2. */
final class TpmWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    TpmWriter u8(int v) {
        out.write(v);
        return this;
    }

    TpmWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    TpmWriter u32(long v) {
        return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
    }

    TpmWriter u64(long v) {
        return u32(v >>> 32).u32(v & 0xffffffffL);
    }

    TpmWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    TpmWriter tpm2b(byte[] b) {
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("a TPM2B holds at most 65535 bytes, not " + b.length);
        }
        return u16(b.length).bytes(b);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
