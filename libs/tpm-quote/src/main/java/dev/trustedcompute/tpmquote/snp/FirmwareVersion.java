package dev.trustedcompute.tpmquote.snp;

/** SEV firmware version, stored in the report as the bytes build, minor, major (0x1E8 and 0x1EC). */
public record FirmwareVersion(int major, int minor, int build) {

    @Override
    public String toString() {
        return major + "." + minor + "." + build;
    }
}
