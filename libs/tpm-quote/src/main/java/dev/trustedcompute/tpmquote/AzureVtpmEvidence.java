package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.azure.HclReport;
import dev.trustedcompute.tpmquote.azure.VtpmQuote;

/**
 * Evidence of an Azure confidential VM with a vTPM: the vTPM quote, the HCL report whose runtime data carries the
 * vTPM attestation key, and what proves the HCL report genuine (the VCEK for SEV-SNP, a TD quote for TDX). Parsed
 * from Trustee's JSON by {@link dev.trustedcompute.tpmquote.azure.TrusteeAzureEvidence}; verified by
 * {@link dev.trustedcompute.tpmquote.azure.AzureVtpmVerifier}.
 */
public sealed interface AzureVtpmEvidence extends Evidence permits AzSnpVtpmEvidence, AzTdxVtpmEvidence {

    /** Trustee's evidence version: 0 (untagged legacy byte arrays), 1, or 2 (HCL user-data carries the nonce). */
    int version();

    VtpmQuote tpmQuote();

    HclReport hclReport();
}
