/**
 * Intel TDX DCAP quotes (v4 and v5, TD 1.0 and TD 1.5 bodies): parse, verify, interpret.
 *
 * <pre>
 * TdxQuote.parse(bytes)                          unverified quote (raw bytes kept; parseFromBuffer for fixed buffers)
 * TdxCollateral.fromPcsResponses(...)            unverified TCB Info + QE identity (+ CRLs via withCrls)
 * TdxCollateral.fromBundleJson(json)             the same from our collateral JSON (README.md in resources)
 * TdxVerifier.withIntelRoot(policy)
 *     .verify(quote, collateral, reportData, at) VerifiedTdxQuote with TcbVerdict
 *     .verifyWithoutCollateral(quote, ..., at)   signatures + QE binding + PCK chain only (named as unchecked)
 * VerifiedTdxQuote.claims()                      flat Trustee-style claim map
 * </pre>
 *
 * Trust anchor: the bundled Intel SGX Root CA, pinned by SHA-256 ({@link dev.trustedcompute.tpmquote.tdx.IntelSgxRoot}).
 * CCEL event logs are in the sibling {@code ccel} package.
 */
package dev.trustedcompute.tpmquote.tdx;
