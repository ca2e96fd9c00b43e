package dev.trustedcompute.hvs.flavor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a flavor before HVS signs and stores it: every field a rule reads must be well-formed, so that the rule
 * engine never meets a malformed signed flavor. Failures are {@link InvalidFlavorException}s naming the field.
 */
public final class FlavorValidator {

    /** TPMs have 24 PCRs. */
    public static final int PCR_COUNT = 24;
    public static final int MAX_TEXT = 1024;
    public static final int MAX_LABEL = 255;
    public static final int MAX_EVENTS = 1024;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]*");
    private static final Pattern TYPE_ID = Pattern.compile("0x[0-9a-f]{8}");

    private FlavorValidator() {
    }

    public static void validate(Flavor flavor) {
        Flavor.Description d = flavor.meta().description();
        if (d.flavorPart() == null) {
            throw invalid("meta.description.flavor_part", "is required");
        }
        if (d.label() == null || d.label().isBlank()) {
            throw invalid("meta.description.label", "is required");
        }
        text("meta.description.label", d.label(), MAX_LABEL);
        for (String[] field : new String[][]{{"source", d.source()}, {"bios_name", d.biosName()},
                {"bios_version", d.biosVersion()}, {"os_name", d.osName()}, {"os_version", d.osVersion()},
                {"tpm_version", d.tpmVersion()}, {"hardware_uuid", d.hardwareUuid()}, {"comment", d.comment()}}) {
            text("meta.description." + field[0], field[1], MAX_TEXT);
        }
        text("meta.vendor", flavor.meta().vendor(), MAX_TEXT);
        if (flavor.bios() != null) {
            text("bios.bios_name", flavor.bios().biosName(), MAX_TEXT);
            text("bios.bios_version", flavor.bios().biosVersion(), MAX_TEXT);
        }
        switch (d.flavorPart()) {
            case HOST_UNIQUE, ASSET_TAG -> {
                if (d.hardwareUuid() == null || d.hardwareUuid().isBlank()) {
                    throw invalid("meta.description.hardware_uuid", "is required for " + d.flavorPart() + " flavors");
                }
            }
            case PLATFORM, OS, SOFTWARE -> {
            }
        }
        if (flavor.pcrs().isEmpty()) {
            throw invalid("pcrs", "a flavor needs at least one PCR");
        }
        Set<FlavorPcr.Pcr> seen = new HashSet<>();
        for (int i = 0; i < flavor.pcrs().size(); i++) {
            pcr("pcrs[" + i + "]", flavor.pcrs().get(i), seen);
        }
    }

    private static void pcr(String field, FlavorPcr pcr, Set<FlavorPcr.Pcr> seen) {
        if (pcr.pcr().index() < 0 || pcr.pcr().index() >= PCR_COUNT) {
            throw invalid(field + ".pcr.index", "must be 0.." + (PCR_COUNT - 1));
        }
        if (!seen.add(pcr.pcr())) {
            throw invalid(field + ".pcr", pcr.pcr() + " appears twice");
        }
        if (!pcr.pcrMatches() && !pcr.hasEventLogRules()) {
            throw invalid(field, "needs pcr_matches, eventlog_equals or eventlog_includes");
        }
        int length = pcr.pcr().bank().digestLength();
        digest(field + ".measurement", pcr.measurement(), length);
        if (pcr.eventlogEquals() != null) {
            events(field + ".eventlog_equals.events", pcr.eventlogEquals().events(), length);
            tags(field + ".eventlog_equals.exclude_tags", pcr.eventlogEquals().excluded());
        }
        if (pcr.eventlogIncludes() != null) {
            events(field + ".eventlog_includes", pcr.eventlogIncludes(), length);
        }
    }

    private static void events(String field, List<EventLogEntry> events, int length) {
        if (events.size() > MAX_EVENTS) {
            throw invalid(field, "more than " + MAX_EVENTS + " events");
        }
        for (int i = 0; i < events.size(); i++) {
            EventLogEntry e = events.get(i);
            if (!TYPE_ID.matcher(e.typeId()).matches()) {
                throw invalid(field + "[" + i + "].type_id", "must be 0x followed by 8 hex digits");
            }
            text(field + "[" + i + "].type_name", e.typeName(), MAX_TEXT);
            tags(field + "[" + i + "].tags", e.tags());
            digest(field + "[" + i + "].measurement", e.measurement(), length);
        }
    }

    private static void tags(String field, List<String> tags) {
        for (String tag : tags) {
            if (tag == null) {
                throw invalid(field, "must not hold null");
            }
            text(field, tag, MAX_TEXT);
        }
    }

    private static void digest(String field, String hex, int length) {
        if (hex == null || hex.length() != 2 * length || !HEX.matcher(hex).matches()) {
            throw invalid(field, "must be " + length + " bytes of lower-case hex");
        }
    }

    private static void text(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw invalid(field, "longer than " + max + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw invalid(field, "must not contain NUL characters");
        }
    }

    private static InvalidFlavorException invalid(String field, String problem) {
        return new InvalidFlavorException(field + ": " + problem);
    }
}
