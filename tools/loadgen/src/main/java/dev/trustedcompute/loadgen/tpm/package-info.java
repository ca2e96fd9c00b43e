/**
 * Test-tool code: a software TPM for load generation. It owns an ECC P-256 endorsement key and an attestation key
 * (RSA-2048/RSASSA or ECC P-256/ECDSA, both SHA-256) in process memory and produces the same bytes a hardware TPM
 * would: TPMT_PUBLIC areas, TPM2_Quote's TPMS_ATTEST and TPMT_SIGNATURE (TPM 2.0 Library Part 2 §10.12.12,
 * §11.3.4, §12.2.4), TPM2_ActivateCredential's recovery of a MakeCredential secret (Part 1 §24, Part 3 §12.5), and
 * a crypto-agile TCG event log (PC Client PFP §10) whose replay gives the PCR values it quotes.
 *
 * <p>Keys never leave the process and nothing here is a security boundary: it exists so that HVS and KBS can be
 * loaded with evidence that their real parsers and verifiers ({@code libs/tpm-quote}) accept, without one swtpm
 * per simulated node. Its output is checked against those parsers in the module's tests.
 */
package dev.trustedcompute.loadgen.tpm;
