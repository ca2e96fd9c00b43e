package dev.trustedcompute.tpmquote.snp;

import java.util.OptionalInt;

/**
 * The security patch levels (SPLs) of one {@link TcbVersion}, decoded for a product. {@code fmc} is present
 * only on Turin and later. The same components are certified in the VCEK/VLEK extensions
 * (1.3.6.1.4.1.3704.1.3.x), see {@link VekExtensions}.
 */
public record TcbLevels(SnpProduct product, OptionalInt fmc, int bootloader, int tee, int snp, int microcode) {

    @Override
    public String toString() {
        return (fmc.isPresent() ? "fmc=" + fmc.getAsInt() + " " : "")
                + "bl=" + bootloader + " tee=" + tee + " snp=" + snp + " ucode=" + microcode;
    }
}
