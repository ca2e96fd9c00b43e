package dev.trustedcompute.tpmquote.ccel;

import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.util.List;

/**
 * CC event log events that a replay matched to the RTMRs of a verified TD quote; only
 * {@link CcEventLog#replay(RtmrValues)} creates these.
 */
public final class VerifiedCcEvents {

    private final List<TcgEvent> events;
    private final List<TcgEvent> unverifiedMrtdEvents;

    VerifiedCcEvents(List<TcgEvent> events, List<TcgEvent> unverifiedMrtdEvents) {
        this.events = List.copyOf(events);
        this.unverifiedMrtdEvents = List.copyOf(unverifiedMrtdEvents);
    }

    /** Events that extend RTMR0..3, in log order. */
    public List<TcgEvent> events() {
        return events;
    }

    /** Verified events of one RTMR. */
    public List<TcgEvent> events(CcMeasurementRegister register) {
        return events.stream().filter(e -> e.pcrIndex() == register.ccMrIndex()).toList();
    }

    /** Events logged against MRTD (CC MR index 0): MRTD is not extended at run time, so these stay unverified. */
    public List<TcgEvent> unverifiedMrtdEvents() {
        return unverifiedMrtdEvents;
    }
}
