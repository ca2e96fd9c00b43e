/**
 * Azure confidential VMs with a vTPM (Trustee {@code az-snp-vtpm} and {@code az-tdx-vtpm}): parse, verify, interpret.
 *
 * <pre>
 * TrusteeAzureEvidence.parseSnp(json) / parseTdx(json)   unverified evidence, every Trustee version (0, 1, 2)
 * HclReport.parse(nvIndexBytes)                         HCL report: header, SEV-SNP report or TDREPORT, runtime data
 * VtpmQuote.parseBincode(quoteBin)                      kinvolk az-cvm-vtpm quote.bin
 * AzureVtpmVerifier.withPinnedRoots(tdxPolicy)
 *     .verify(evidence, AzureExpectations.at(t).nonce(n).build())   VerifiedAzureVtpm: hardware, PCRs, claims
 * </pre>
 *
 * The chain of trust, checked in this order: the hardware report (SEV-SNP report to the pinned AMD ARK; TD quote to
 * the Intel SGX Root CA) binds the SHA-256 of the HCL runtime data in its REPORT_DATA; the runtime data names the
 * vTPM attestation key {@code HCLAkPub}; that key signed the vTPM quote over the nonce and the PCRs. The unified
 * API ({@code EvidenceVerifiers.forTee(Tee.AZ_SNP_VTPM)}) wraps
 * {@link dev.trustedcompute.tpmquote.azure.AzureVtpmVerifier}.
 */
package dev.trustedcompute.tpmquote.azure;
