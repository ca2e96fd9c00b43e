package dev.trustedcompute.attestationmanager.nodes;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a node has its status; the API, history and inventory carry the {@link #code()}. */
public enum Reason {
    /** HVS found the evidence untrusted (the faults say which rules failed). */
    UNTRUSTED("untrusted"),
    /** The agent reports an unencrypted root file system (or none at all) while encryption is required. */
    DISK_NOT_ENCRYPTED("disk-not-encrypted"),
    SECURE_BOOT_DISABLED("secure-boot-disabled"),
    /** The event log did not show whether Secure Boot is on: not enough to trust the node. */
    SECURE_BOOT_UNKNOWN("secure-boot-unknown"),
    /** No valid report for 2 x pollDuration: a silent agent must not stay green. */
    STALE("stale"),
    /** Verified again, but the node failed before and stays cordoned until it is onboarded again. */
    AWAITING_ONBOARDING("awaiting-onboarding"),
    /** Known, no report decided yet. */
    AWAITING_REPORT("awaiting-report");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Reason ofCode(String code) {
        for (Reason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown reason code " + code);
    }
}
