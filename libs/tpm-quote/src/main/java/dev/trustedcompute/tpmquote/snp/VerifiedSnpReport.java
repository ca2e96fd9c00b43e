package dev.trustedcompute.tpmquote.snp;

import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An SNP report whose signature, certificate chain (to a pinned AMD ARK), TCB, VMPL and report/host data
 * were checked by {@link SnpVerifier}; only that class creates instances. Typed accessors plus
 * {@link #claims()}, a flat map for policies. Items that were not checked are listed in
 * {@link #uncheckedItems()}.
 */
public final class VerifiedSnpReport {

    private static final HexFormat HEX = HexFormat.of();

    private final SnpReport report;
    private final SnpProduct product;
    private final SigningKey signer;
    private final VekExtensions vekExtensions;
    private final Instant verifiedAt;
    private final List<String> uncheckedItems;
    private final Map<String, Object> claims;

    VerifiedSnpReport(SnpReport report, SnpProduct product, SigningKey signer, VekExtensions vekExtensions,
            Instant verifiedAt, List<String> uncheckedItems) {
        this.report = report;
        this.product = product;
        this.signer = signer;
        this.vekExtensions = vekExtensions;
        this.verifiedAt = verifiedAt;
        this.uncheckedItems = List.copyOf(uncheckedItems);
        this.claims = buildClaims();
    }

    /** The parsed report (immutable) that verified. */
    public SnpReport report() {
        return report;
    }

    public SnpProduct product() {
        return product;
    }

    /** VCEK or VLEK. */
    public SigningKey signer() {
        return signer;
    }

    public VekExtensions vekExtensions() {
        return vekExtensions;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    /** Checks that were waived, each with its reason; empty when everything was checked. */
    public List<String> uncheckedItems() {
        return uncheckedItems;
    }

    public int version() {
        return report.version();
    }

    public byte[] measurement() {
        return report.measurement();
    }

    public byte[] reportData() {
        return report.reportData();
    }

    public byte[] hostData() {
        return report.hostData();
    }

    public byte[] chipId() {
        return report.chipId();
    }

    public SnpPolicy policy() {
        return report.policy();
    }

    public PlatformInfo platformInfo() {
        return report.platformInfo();
    }

    public long vmpl() {
        return report.vmpl();
    }

    public TcbLevels reportedTcb() {
        return report.reportedTcb().levels(product);
    }

    public TcbLevels currentTcb() {
        return report.currentTcb().levels(product);
    }

    public TcbLevels committedTcb() {
        return report.committedTcb().levels(product);
    }

    public TcbLevels launchTcb() {
        return report.launchTcb().levels(product);
    }

    /**
     * Flat claims for policies, keys in snake case (sorted): byte fields as lower-case hex strings, numbers as
     * {@code Long}, flags as {@code Boolean}; TCBs as {@code reported_tcb.bootloader} etc.
     */
    public Map<String, Object> claims() {
        return claims;
    }

    private Map<String, Object> buildClaims() {
        Map<String, Object> c = new TreeMap<>();
        c.put("product", product.claimName());
        c.put("signing_key", signer.name().toLowerCase(java.util.Locale.ROOT));
        c.put("version", (long) report.version());
        c.put("guest_svn", report.guestSvn());
        SnpPolicy policy = report.policy();
        c.put("policy", policy.raw());
        c.put("policy_abi_major", (long) policy.abiMajor());
        c.put("policy_abi_minor", (long) policy.abiMinor());
        c.put("policy_smt_allowed", policy.smtAllowed());
        c.put("policy_migrate_ma", policy.migrateMa());
        c.put("policy_debug_allowed", policy.debugAllowed());
        c.put("policy_single_socket", policy.singleSocket());
        c.put("policy_cxl_allowed", policy.cxlAllowed());
        c.put("policy_mem_aes_256_xts", policy.memAes256Xts());
        c.put("policy_rapl_dis", policy.raplDisabled());
        c.put("policy_ciphertext_hiding", policy.ciphertextHiding());
        c.put("policy_page_swap_disable", policy.pageSwapDisabled());
        c.put("family_id", HEX.formatHex(report.familyId()));
        c.put("image_id", HEX.formatHex(report.imageId()));
        c.put("vmpl", report.vmpl());
        c.put("signature_algo", report.signatureAlgorithm());
        PlatformInfo platform = report.platformInfo();
        c.put("platform_info", platform.raw());
        c.put("platform_smt_enabled", platform.smtEnabled());
        c.put("platform_tsme_enabled", platform.tsmeEnabled());
        c.put("platform_ecc_enabled", platform.eccEnabled());
        c.put("platform_rapl_disabled", platform.raplDisabled());
        c.put("platform_ciphertext_hiding_enabled", platform.ciphertextHidingEnabled());
        c.put("platform_alias_check_complete", platform.aliasCheckComplete());
        c.put("author_key_en", report.authorKeyEnabled());
        c.put("mask_chip_key", report.maskChipKey());
        c.put("report_data", HEX.formatHex(report.reportData()));
        c.put("measurement", HEX.formatHex(report.measurement()));
        c.put("host_data", HEX.formatHex(report.hostData()));
        c.put("id_key_digest", HEX.formatHex(report.idKeyDigest()));
        c.put("author_key_digest", HEX.formatHex(report.authorKeyDigest()));
        c.put("report_id", HEX.formatHex(report.reportId()));
        c.put("report_id_ma", HEX.formatHex(report.reportIdMa()));
        c.put("chip_id", HEX.formatHex(report.chipId()));
        putTcb(c, "current_tcb", report.currentTcb());
        putTcb(c, "reported_tcb", report.reportedTcb());
        putTcb(c, "committed_tcb", report.committedTcb());
        putTcb(c, "launch_tcb", report.launchTcb());
        report.cpuid().ifPresent(cpuid -> {
            c.put("cpuid_fam_id", (long) cpuid.family());
            c.put("cpuid_mod_id", (long) cpuid.model());
            c.put("cpuid_step", (long) cpuid.stepping());
        });
        c.put("current_major", (long) report.currentVersion().major());
        c.put("current_minor", (long) report.currentVersion().minor());
        c.put("current_build", (long) report.currentVersion().build());
        c.put("committed_major", (long) report.committedVersion().major());
        c.put("committed_minor", (long) report.committedVersion().minor());
        c.put("committed_build", (long) report.committedVersion().build());
        report.launchMitigationVector().ifPresent(v -> c.put("launch_mit_vector", v));
        report.currentMitigationVector().ifPresent(v -> c.put("current_mit_vector", v));
        return Collections.unmodifiableMap(c);
    }

    private void putTcb(Map<String, Object> c, String prefix, TcbVersion tcb) {
        TcbLevels levels = tcb.levels(product);
        c.put(prefix + ".raw", tcb.hex());
        c.put(prefix + ".bootloader", (long) levels.bootloader());
        c.put(prefix + ".tee", (long) levels.tee());
        c.put(prefix + ".snp", (long) levels.snp());
        c.put(prefix + ".microcode", (long) levels.microcode());
        levels.fmc().ifPresent(fmc -> c.put(prefix + ".fmc", (long) fmc));
    }

    @Override
    public String toString() {
        return "VerifiedSnpReport[" + product + ", " + signer + ", measurement=" + HEX.formatHex(report.measurement())
                + ", reported_tcb=" + reportedTcb() + "]";
    }
}
