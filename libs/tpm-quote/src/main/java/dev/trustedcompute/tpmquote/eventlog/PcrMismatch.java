package dev.trustedcompute.tpmquote.eventlog;

import java.util.HexFormat;

/**
 * A PCR whose replayed value differs from the quoted one.
 *
 * @param bank the bank
 * @param pcr the PCR index
 * @param quoted the quoted value
 * @param replayed what the log replays to
 * @param events how many events of the log extend this PCR
 */
public record PcrMismatch(DigestAlgorithm bank, int pcr, byte[] quoted, byte[] replayed, int events) {

    public PcrMismatch {
        quoted = quoted.clone();
        replayed = replayed.clone();
    }

    @Override
    public byte[] quoted() {
        return quoted.clone();
    }

    @Override
    public byte[] replayed() {
        return replayed.clone();
    }

    public String describe() {
        return "PCR" + pcr + " (" + bank + "): quoted " + HexFormat.of().formatHex(quoted) + ", " + events
                + " events replay to " + HexFormat.of().formatHex(replayed);
    }

    @Override
    public String toString() {
        return describe();
    }
}
