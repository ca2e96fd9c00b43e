package dev.trustedcompute.rvps.referencevalues;

import dev.trustedcompute.rvps.config.RvpsProperties;
import dev.trustedcompute.rvps.message.Extraction;
import dev.trustedcompute.rvps.message.InvalidMessageException;
import dev.trustedcompute.rvps.message.MessageReader;
import dev.trustedcompute.rvps.message.NamingRules;
import dev.trustedcompute.rvps.message.RvpsMessage;
import dev.trustedcompute.servicekit.error.CommonError;
import dev.trustedcompute.servicekit.error.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration, lookup and deletion of reference values; all time decisions use the injected {@link Clock}. */
@Service
public class ReferenceValueService {

    private static final Logger log = LoggerFactory.getLogger(ReferenceValueService.class);

    private final MessageReader reader;
    private final ReferenceValueRepository repository;
    private final Clock clock;
    private final int defaultPageSize;
    private final int maxPageSize;

    public ReferenceValueService(MessageReader reader, ReferenceValueRepository repository, Clock clock,
                                 RvpsProperties properties) {
        this.reader = reader;
        this.repository = repository;
        this.clock = clock;
        this.defaultPageSize = properties.defaultPageSize();
        this.maxPageSize = properties.maxPageSize();
    }

    /** A page of unexpired values; {@code next} is the {@code afterName} of the following page, null at the end. */
    public record Page(List<ReferenceValue> values, String next) {
    }

    /**
     * Reads the message and stores every value it holds, replacing existing names, all or nothing; returns them
     * by name. Rows are written in name order so that concurrent registrations of overlapping names cannot
     * deadlock.
     */
    @Transactional
    public List<ReferenceValue> register(RvpsMessage message, String registeredBy) {
        if (registeredBy == null || registeredBy.isBlank()) {
            // provenance must name who registered: a token without a subject cannot register
            throw new ServiceException(CommonError.UNAUTHORIZED, "the token names no subject (sub)");
        }
        Instant now = now();
        Extraction extraction;
        try {
            extraction = reader.read(message, now);
        } catch (InvalidMessageException e) {
            throw RvpsError.of(e);
        }
        Provenance provenance = Provenance.of(registeredBy, extraction.type(), extraction.signer(), now);
        List<ReferenceValue> values = extraction.values().stream()
                .sorted(Comparator.comparing(v -> v.name()))
                .map(v -> new ReferenceValue(v.name(), v.values(), v.expiration(), provenance))
                .toList();
        repository.upsert(values);
        log.info("registered {} reference value(s) from a {} message by {}{}", values.size(),
                extraction.type().wireName(), registeredBy,
                extraction.signer() == null ? "" : " signed by " + extraction.signer());
        return values;
    }

    /** {@code limit} null means the configured default page size. */
    public Page list(String namePrefix, String afterName, Integer limit) {
        checkName("namePrefix", namePrefix);
        checkName("afterName", afterName);
        int size = limit == null ? defaultPageSize : limit;
        if (size < 1 || size > maxPageSize) {
            throw RvpsError.INVALID_INPUT.exception("limit: must be between 1 and " + maxPageSize);
        }
        List<ReferenceValue> rows = repository.page(namePrefix == null ? "" : namePrefix,
                afterName == null ? "" : afterName, size + 1, now());
        if (rows.size() <= size) {
            return new Page(rows, null);
        }
        List<ReferenceValue> page = rows.subList(0, size);
        return new Page(List.copyOf(page), page.getLast().name());
    }

    public ReferenceValue get(String name) {
        checkName("name", name);
        return repository.findUnexpired(name, now()).orElseThrow(() ->
                RvpsError.REFERENCE_VALUE_NOT_FOUND.exception("no unexpired reference value named " + NamingRules.printable(name)));
    }

    /** Trustee's query shape: name -> values of unexpired values; unknown or expired names are left out. */
    public Map<String, List<String>> query(List<String> names) {
        if (names == null || names.isEmpty()) {
            return repository.query(null, now());
        }
        for (String name : names) {
            if (name == null) {
                throw RvpsError.INVALID_INPUT.exception("names: must not contain null");
            }
            checkName("names", name);
        }
        return repository.query(new LinkedHashSet<>(names), now());
    }

    public void delete(String name) {
        checkName("name", name);
        if (!repository.delete(name)) {
            throw RvpsError.REFERENCE_VALUE_NOT_FOUND.exception("no reference value named " + NamingRules.printable(name));
        }
        log.info("deleted reference value {}", NamingRules.printable(name));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Names from paths and filters reach SQL: NUL would be a database error, not the client's 400. */
    private static void checkName(String field, String value) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw RvpsError.INVALID_INPUT.exception(field + ": must not contain control characters");
        }
        if (value != null && value.length() > NamingRules.MAX_NAME_LENGTH) {
            throw RvpsError.INVALID_INPUT.exception(field + ": at most " + NamingRules.MAX_NAME_LENGTH + " characters");
        }
    }
}
