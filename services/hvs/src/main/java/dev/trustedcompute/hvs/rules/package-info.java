/**
 * The flavor engine's seam with the rest of HVS, and its rules.
 *
 * <h2>Seam</h2>
 * <ul>
 *   <li>{@link dev.trustedcompute.hvs.rules.TrustEvaluator} (a bean of this package): the verification worker hands
 *       it a {@link dev.trustedcompute.hvs.rules.HostManifest} (quotes already verified) and gets a
 *       {@link dev.trustedcompute.hvs.rules.TrustVerdict}, convertible to the report's
 *       {@code TrustReportSummary} fields ({@code summaryTrust()}, {@code summaryFaults()}, {@code secureBootEnabled},
 *       {@code goldenFromReboot}).</li>
 *   <li>{@link dev.trustedcompute.hvs.rules.HostManifestSource} (implemented by the host connector): fresh evidence
 *       for {@code POST /flavors} naming a host.</li>
 *   <li>{@link dev.trustedcompute.hvs.rules.FlavorsChangedEvent}: a Spring event published after commit when flavors
 *       of groups change; carries the hosts to re-verify.</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * Pure functions of a manifest and signed flavors, without Spring: every rule runs and every fault is collected
 * (Bouncy Castle's {@code CertPath.evaluate}, not {@code validate}). Per part, the flavor group's match policy decides
 * which flavors must pass; OVERALL is trusted only when no part is untrusted and some part is trusted.
 */
package dev.trustedcompute.hvs.rules;
