package dev.trustedcompute.tpmquote;

/**
 * Malformed evidence: truncated, oversized, trailing bytes, an unknown tag or an inconsistent length.
 * The only exception any parser in this library throws for bad input. {@link #offset()} is the byte
 * offset in the parsed buffer where the problem was found (-1 when not meaningful) and {@link #field()}
 * names the structure field being read.
 */
public final class EvidenceFormatException extends EvidenceException {

    private final long offset;
    private final String field;

    public EvidenceFormatException(long offset, String field, String problem) {
        this(offset, field, problem, null);
    }

    public EvidenceFormatException(long offset, String field, String problem, Throwable cause) {
        super(describe(offset, field, problem), cause);
        this.offset = offset;
        this.field = field;
    }

    /** Malformed input where no byte offset applies (JSON, PEM, a file as a whole). */
    public EvidenceFormatException(String field, String problem) {
        this(-1, field, problem, null);
    }

    public EvidenceFormatException(String field, String problem, Throwable cause) {
        this(-1, field, problem, cause);
    }

    public long offset() {
        return offset;
    }

    public String field() {
        return field;
    }

    private static String describe(long offset, String field, String problem) {
        return offset >= 0
                ? field + " at offset " + offset + ": " + problem
                : field + ": " + problem;
    }
}
