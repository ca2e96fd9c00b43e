package dev.trustedcompute.trustagent.cc;

import java.util.Map;

/**
 * {@code get_cc_report}: evidence signed by the node's root of trust that binds the caller's nonce and user data.
 * <ul>
 * <li>{@code tpm}: a TPM2_Quote by the agent's AK over all 24 PCRs of the default bank, with
 *     qualifyingData = SHA-256(nonce || userData); {@code quote} is the TPMS_ATTEST, {@code signature} the
 *     TPMT_SIGNATURE, {@code akPublic} the AK's TPMT_PUBLIC, {@code pcrs} the values the quote digests.</li>
 * <li>{@code tdx}: a TD quote (configfs-tsm) with report_data = SHA-512(nonce || userData), as the CC Trusted
 *     API's VM SDK computes it; no signature, AK or PCRs (the quote carries its own signature chain and
 *     MRTD/RTMRs).</li>
 * <li>{@code az-snp-vtpm}, {@code az-tdx-vtpm}: the {@code tpm} report by the vTPM's AK, plus {@code hclReport}: the
 *     paravisor's HCL report (NV index 0x01400001) refreshed with the quote's qualifying data as its user data.</li>
 * </ul>
 *
 * @param ccType    {@code tpm}, {@code tdx}, {@code az-snp-vtpm} or {@code az-tdx-vtpm}
 * @param quote     the quote, base64
 * @param signature TPMT_SIGNATURE, base64 (TPM only)
 * @param akPublic  TPMT_PUBLIC of the AK, base64 (TPM only)
 * @param pcrs      bank name to PCR index to hex value (TPM only)
 * @param boundData the qualifying data / report data the quote carries, hex
 * @param hclReport the Azure HCL report, base64 (Azure vTPM only)
 */
public record CcReport(String ccType, String quote, String signature, String akPublic,
                       Map<String, Map<Integer, String>> pcrs, String boundData, String hclReport) {
}
