package org.plotracker.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A pregnancy after the index delivery, known from its confirmation(s) and/or its delivery.
 *
 * @param triggerEventId the earliest confirmation, or the delivery when no confirmation was recorded before it
 * @param lateDetection  true when known only from a delivery with no pregnancy event before it
 * @param memberEventIds every event of this pregnancy (confirmations and delivery): an alert raised for any of them
 *                       covers the pregnancy
 */
public record LaterPregnancy(String triggerEventId, LocalDate triggerDate, boolean lateDetection,
                             List<String> memberEventIds) {
    public LaterPregnancy {
        Objects.requireNonNull(triggerEventId, "triggerEventId");
        Objects.requireNonNull(triggerDate, "triggerDate");
        memberEventIds = List.copyOf(memberEventIds);
    }
}
