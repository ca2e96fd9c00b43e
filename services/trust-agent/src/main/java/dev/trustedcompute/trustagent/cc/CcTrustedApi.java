package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventType;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The CC Trusted API (cc-api/evidence-api) over one {@link CcBackend}, with every input checked here so each
 * backend sees only valid values: {@code get_default_algorithm}, {@code get_measurement_count},
 * {@code get_cc_measurement}, {@code get_cc_eventlog}, {@code get_cc_report} and {@code replay_cc_eventlog}.
 */
public final class CcTrustedApi {

    /** Nonce bounds: at least 8 bytes of freshness, at most one SHA-512's worth. */
    public static final int MIN_NONCE = 8;
    public static final int MAX_NONCE = 64;
    /** User data bound into a report, at most 64 bytes (a TDX report-data field). */
    public static final int MAX_USER_DATA = 64;

    private static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

    private final CcBackend backend;

    public CcTrustedApi(CcBackend backend) {
        this.backend = backend;
    }

    public String ccType() {
        return backend.ccType();
    }

    public String defaultAlgorithm() {
        return backend.defaultAlgorithm().name();
    }

    public int measurementCount() {
        return backend.measurementCount();
    }

    /** The register's current value; {@code algorithm} empty means the default one. */
    public CcMeasurement measurement(int index, Optional<String> algorithm) throws CcException {
        checkIndex(index);
        return backend.measurement(index, algorithm(algorithm.orElse(defaultAlgorithm())));
    }

    /**
     * Events {@code start .. start+count-1} of the log ({@code count} empty: to the end). A start beyond the log,
     * or a window that runs past its end, is refused rather than silently shortened.
     */
    public List<CcEvent> eventLog(int start, Optional<Integer> count) throws CcException {
        List<TcgEvent> events = backend.events();
        if (start < 0 || start > events.size()) {
            throw new CcException(CcError.EVENT_LOG_RANGE, "start " + start + " is not 0.." + events.size()
                    + " (the log has " + events.size() + " events)");
        }
        int n = count.orElse(events.size() - start);
        if (n < 0 || n > events.size() - start) {
            throw new CcException(CcError.EVENT_LOG_RANGE, "count " + n + " from start " + start + " runs past the "
                    + "log's " + events.size() + " events (at most " + (events.size() - start) + ")");
        }
        return events.subList(start, start + n).stream().map(CcEvent::of).toList();
    }

    /** A quote binding {@code nonce} and {@code userData} (see {@link CcReport}). */
    public CcReport report(byte[] nonce, byte[] userData) throws CcException {
        if (nonce.length < MIN_NONCE || nonce.length > MAX_NONCE) {
            throw new CcException(CcError.REPORT_INPUT_SIZE, "nonce must be " + MIN_NONCE + ".." + MAX_NONCE
                    + " bytes, not " + nonce.length);
        }
        if (userData.length > MAX_USER_DATA) {
            throw new CcException(CcError.REPORT_INPUT_SIZE, "user data must be at most " + MAX_USER_DATA
                    + " bytes, not " + userData.length);
        }
        return backend.report(nonce, userData);
    }

    /**
     * Replays events (as {@link #eventLog} returns them) into per-register values, per algorithm the events carry:
     * every register starts at zero and each measured event extends it ({@code H(old || digest)}). EV_NO_ACTION
     * events and registers not extended at run time (TDX MRTD, the "no register" index) extend nothing; a TPM
     * "StartupLocality" EV_NO_ACTION event sets PCR0's initial value to the locality, as TPM2_Startup does.
     * Returns the replayed registers only, ordered by index then algorithm.
     */
    public List<CcMeasurement> replay(List<CcEvent> events) throws CcException {
        Map<Long, Map<DigestAlgorithm, byte[]>> registers = new TreeMap<>();
        for (CcEvent e : events) {
            if (e == null) {
                throw new CcException(CcError.BAD_REQUEST, "null event");
            }
            if (e.imrIndex() != TcgEvent.NO_PCR) {
                checkIndex(e.imrIndex());
            }
            List<Map.Entry<DigestAlgorithm, byte[]>> digests = digests(e);
            if (e.eventType() == EventType.EV_NO_ACTION.code()) {
                startupLocality(e, digests, registers);
                continue;
            }
            if (!backend.replays(e.imrIndex())) {
                continue;
            }
            Map<DigestAlgorithm, byte[]> values = registers.computeIfAbsent(e.imrIndex(), i -> new TreeMap<>(
                    Comparator.comparingInt(DigestAlgorithm::id)));
            for (Map.Entry<DigestAlgorithm, byte[]> d : digests) {
                DigestAlgorithm alg = d.getKey();
                try {
                    values.put(alg, alg.extend(values.getOrDefault(alg, new byte[alg.size()]), d.getValue()));
                } catch (VerificationException ex) {
                    throw new CcException(CcError.UNKNOWN_ALGORITHM, "event " + e.recNum() + ": cannot compute "
                            + alg + ": " + ex.getMessage(), ex);
                }
            }
        }
        List<CcMeasurement> out = new ArrayList<>();
        registers.forEach((index, values) -> values.forEach((alg, value) ->
                out.add(new CcMeasurement(index.intValue(), alg.name(), HexFormat.of().formatHex(value)))));
        return out;
    }

    private void startupLocality(CcEvent e, List<Map.Entry<DigestAlgorithm, byte[]>> digests,
                                 Map<Long, Map<DigestAlgorithm, byte[]>> registers) throws CcException {
        byte[] data = eventData(e);
        if (e.imrIndex() != 0 || !backend.replays(0) || registers.containsKey(0L) || data.length != 17
                || !Arrays.equals(data, 0, 16, STARTUP_LOCALITY, 0, 16)) {
            return;
        }
        Map<DigestAlgorithm, byte[]> values = new TreeMap<>(Comparator.comparingInt(DigestAlgorithm::id));
        for (Map.Entry<DigestAlgorithm, byte[]> d : digests) {
            byte[] initial = new byte[d.getKey().size()];
            initial[initial.length - 1] = data[16];
            values.put(d.getKey(), initial);
        }
        registers.put(0L, values);
    }

    private void checkIndex(long index) throws CcException {
        if (index < 0 || index >= backend.measurementCount()) {
            throw new CcException(CcError.INDEX_OUT_OF_RANGE, "index " + index + " is not 0.."
                    + (backend.measurementCount() - 1) + " (" + backend.ccType() + ": "
                    + backend.measurementCount() + " measurement registers)");
        }
    }

    private DigestAlgorithm algorithm(String name) throws CcException {
        Optional<DigestAlgorithm> known = CcAlgorithms.byName(name).filter(backend.algorithms()::contains);
        if (known.isEmpty()) {
            throw new CcException(CcError.UNKNOWN_ALGORITHM, "algorithm '" + name + "' is not one of "
                    + backend.algorithms().stream().map(DigestAlgorithm::name).sorted().toList() + " ("
                    + backend.ccType() + ")");
        }
        return known.get();
    }

    private static List<Map.Entry<DigestAlgorithm, byte[]>> digests(CcEvent e) throws CcException {
        List<Map.Entry<DigestAlgorithm, byte[]>> out = new ArrayList<>();
        for (CcEvent.Digest d : e.digests()) {
            if (d == null || d.algorithm() == null || d.digest() == null) {
                throw new CcException(CcError.BAD_REQUEST, "event " + e.recNum() + ": a digest lacks algorithm "
                        + "or value");
            }
            DigestAlgorithm alg = CcAlgorithms.byName(d.algorithm()).orElseThrow(() -> new CcException(
                    CcError.UNKNOWN_ALGORITHM, "event " + e.recNum() + ": unknown algorithm '" + d.algorithm() + "'"));
            byte[] value;
            try {
                value = HexFormat.of().parseHex(d.digest());
            } catch (IllegalArgumentException ex) {
                throw new CcException(CcError.BAD_REQUEST, "event " + e.recNum() + ": " + alg + " digest is not hex");
            }
            if (value.length != alg.size()) {
                throw new CcException(CcError.BAD_REQUEST, "event " + e.recNum() + ": " + alg + " digest of "
                        + value.length + " bytes, expected " + alg.size());
            }
            out.add(Map.entry(alg, value));
        }
        return out;
    }

    private static byte[] eventData(CcEvent e) throws CcException {
        try {
            return e.event() == null ? new byte[0] : Base64.getDecoder().decode(e.event());
        } catch (IllegalArgumentException ex) {
            throw new CcException(CcError.BAD_REQUEST, "event " + e.recNum() + ": data is not base64");
        }
    }
}
