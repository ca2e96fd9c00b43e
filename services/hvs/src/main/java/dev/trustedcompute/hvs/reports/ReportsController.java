package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.HvsPermissions;
import dev.trustedcompute.hvs.hosts.HostListing;
import dev.trustedcompute.hvs.hosts.HostService;
import dev.trustedcompute.hvs.reports.ReportDtos.ReportCreate;
import dev.trustedcompute.hvs.reports.ReportDtos.ReportPage;
import dev.trustedcompute.hvs.reports.ReportDtos.ReportView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Trust reports: search, read (as JSON or as the signed JWT), attest a host now. */
@RestController
@RequestMapping(path = "/hvs/v2/reports")
@Tag(name = "reports", description = "Signed trust reports (ES256 JWTs, ES384 from P-384 keys made before, "
        + "with an x5c chain to the CMS root)")
public class ReportsController {

    static final String JWT = "application/jwt";
    static final int MAX_LIMIT = 1000;

    private final ReportService reports;
    private final HostService hosts;

    public ReportsController(ReportService reports, HostService hosts) {
        this.reports = reports;
        this.hosts = hosts;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.REPORTS_CREATE + "')")
    @Operation(operationId = "createReport", summary = "Attest a host now: fresh quote from its agent, verification, signed report (synchronous; "
            + "504 when the agent does not answer within tc.hvs.quote.timeout)")
    public ResponseEntity<ReportView> create(@RequestBody ReportCreate body) {
        HostListing host = hosts.resolve(body.hostUuid(), body.hostId(), body.hostName());
        Report report = reports.attestNow(host.host());
        return ResponseEntity.created(URI.create("/hvs/v2/reports/" + report.id())).body(ReportView.of(report));
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.REPORTS_SEARCH + "')")
    @Operation(operationId = "searchReports", summary = "Search reports, oldest first; page with limit and afterId")
    public ReportPage search(@RequestParam(required = false) UUID hostUuid,
                             @RequestParam(required = false) String hostId,
                             @RequestParam(defaultValue = "false") boolean latestPerHost,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                             @RequestParam(defaultValue = "100") int limit,
                             @RequestParam(required = false) UUID afterId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HvsError.INVALID_INPUT.exception("limit: 1.." + MAX_LIMIT);
        }
        if (hostUuid != null && hostId != null) {
            throw HvsError.INVALID_INPUT.exception("filter by hostUuid or hostId, not both");
        }
        UUID host = hostId == null ? hostUuid : hosts.resolve(null, hostId, null).host().id();
        List<Report> page = reports.search(new ReportFilter(host, latestPerHost, from, to, limit, afterId));
        UUID next = page.size() == limit ? page.getLast().id() : null;
        return new ReportPage(page.stream().map(ReportView::of).toList(), next);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.REPORTS_RETRIEVE + "')")
    @Operation(operationId = "getReport", summary = "A report's claims")
    public ReportView get(@PathVariable UUID id) {
        return ReportView.of(reports.get(id));
    }

    @GetMapping(path = "/{id}/jwt", produces = JWT)
    @PreAuthorize("hasAuthority('" + HvsPermissions.REPORTS_RETRIEVE + "')")
    @Operation(operationId = "getReportJwt", summary = "A report as issued: compact JWS (verify it with the x5c chain against the CMS root)")
    public String jwt(@PathVariable UUID id) {
        return reports.get(id).jwt();
    }
}
