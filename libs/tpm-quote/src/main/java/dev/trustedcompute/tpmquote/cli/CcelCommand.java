package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import dev.trustedcompute.tpmquote.ccel.CcelTable;
import dev.trustedcompute.tpmquote.ccel.RtmrValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ccel --table F --data F}: parses a TDX guest's ACPI CCEL table and its log area and prints the RTMRs the
 * log replays to (unverified: compare them with a verified quote's RTMRs, e.g. with {@code tdx}).
 */
@Command(name = "ccel", description = "Replay a TDX CCEL event log into RTMR0-3.")
final class CcelCommand extends JsonCommand {

    @Option(names = "--table", required = true, description = "/sys/firmware/acpi/tables/CCEL")
    Path table;

    @Option(names = "--data", required = true, description = "/sys/firmware/acpi/tables/data/CCEL")
    Path data;

    @Override
    Map<String, Object> run() throws IOException, EvidenceFormatException {
        CcelTable ccel = CcelTable.parse(read(table));
        if (ccel.ccType() != CcelTable.CC_TYPE_TDX) {
            throw new EvidenceFormatException("CCEL.CcType", ccel.ccType() + " is not Intel TDX ("
                    + CcelTable.CC_TYPE_TDX + ")");
        }
        byte[] area = read(data);
        if (Long.compareUnsigned(area.length, ccel.logAreaMinimumLength()) > 0) {
            throw new EvidenceFormatException("CCEL data", area.length + " bytes exceed the table's log area length "
                    + ccel.logAreaMinimumLength());
        }
        CcEventLog log = CcEventLog.parse(area);
        RtmrValues rtmrs = log.computeRtmrs();
        Map<String, Object> json = new LinkedHashMap<>();
        List<String> hex = IntStream.range(0, 4).mapToObj(rtmrs::hex).toList();
        json.put("rtmr", hex);
        json.put("events", (long) log.unverifiedEvents().size());
        return json;
    }
}
