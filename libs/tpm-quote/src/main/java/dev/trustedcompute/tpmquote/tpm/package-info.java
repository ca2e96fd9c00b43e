/**
 * TPM 2.0 evidence: parsers for the TPM marshalled structures (TPM 2.0 Library spec Part 2, big-endian),
 * quote verification, credential activation (server side) and EK/AK certificate chains. Never talks to a TPM.
 *
 * <h2>Parse, then verify</h2>
 * Parsers return immutable, unverified records that keep the bytes received:
 * {@link dev.trustedcompute.tpmquote.tpm.TpmsAttest#parse} (tpm2-tools {@code tpm2_quote -m}, go-tpm-tools
 * {@code quote}), {@link dev.trustedcompute.tpmquote.tpm.TpmtSignature#parse} ({@code -s}),
 * {@link dev.trustedcompute.tpmquote.tpm.TpmtPublic#parse}/{@code parseTpm2b} ({@code tpm2_createak -u}),
 * {@link dev.trustedcompute.tpmquote.tpm.Tpm2ToolsPcrs} ({@code -o}), {@link dev.trustedcompute.tpmquote.tpm.PcrBank#parseJson}.
 * Malformed input is always an {@link dev.trustedcompute.tpmquote.EvidenceFormatException}.
 *
 * <pre>{@code
 * AkPublic ak = AkPublic.parse(akTpmtPublic);                 // or of(TpmtPublic), fromPem(...)
 * QuotedPcrs pcrs = ak.verify(TpmsAttest.parse(msg), TpmtSignature.parse(sig),
 *         Tpm2ToolsPcrs.parseSerialized(pcrFile), nonce);       // every bank the quote selects
 * pcrs.value(TpmHash.SHA256, 7); pcrs.clockInfo().resetCount(); pcrs.resetSince(previous);
 * eventLog.replay(pcrs);                                      // only verified PCRs can be replayed against
 * }</pre>
 * {@link dev.trustedcompute.tpmquote.tpm.QuotedPcrs} exists only as the result of a successful
 * {@link dev.trustedcompute.tpmquote.tpm.AkPublic#verify}; every failed check is a
 * {@link dev.trustedcompute.tpmquote.VerificationException} with its {@link dev.trustedcompute.tpmquote.Reason}.
 *
 * <h2>Onboarding</h2>
 * {@link dev.trustedcompute.tpmquote.tpm.CredentialChallenge#make} (MakeCredential for RSA and ECC EKs) and
 * {@link dev.trustedcompute.tpmquote.tpm.TpmCertificateValidator} (EK/AK certificate chains at a given time).
 */
package dev.trustedcompute.tpmquote.tpm;
