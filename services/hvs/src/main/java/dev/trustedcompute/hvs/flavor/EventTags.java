package dev.trustedcompute.hvs.flavor;

import dev.trustedcompute.tpmquote.eventlog.EventData;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.util.List;

/**
 * Names taken from an event's data, as Intel SecL's trust agent tags events ({@code pkg/tagent/eventlog/common.go
 * getEventTag}): the UEFI variable name ({@code db}, {@code SecureBoot}, {@code BootOrder}), the IPL text (GRUB
 * commands, file names), the EFI action text, the POST code label, the S-CRTM version, the device path of a loaded
 * image. Templates select events by these tags ({@code eventlog_includes}, {@code excluding_tags}).
 */
public final class EventTags {

    private EventTags() {
    }

    /** The tags of {@code event}; empty for events whose data names nothing (separators, blobs). */
    public static List<String> of(TcgEvent event) {
        return switch (event.decode()) {
            case EventData.UefiVariable v -> List.of(v.name());
            case EventData.Ipl ipl -> List.of(ipl.text());
            case EventData.EfiAction action -> List.of(action.text());
            case EventData.PostCode code -> List.of(code.label());
            case EventData.SCrtmVersion version -> List.of(version.version());
            case EventData.UefiImageLoad image -> image.devicePathText().map(List::of).orElse(List.of());
            case EventData.StartupLocality locality -> List.of("StartupLocality" + locality.locality());
            default -> List.of();
        };
    }
}
