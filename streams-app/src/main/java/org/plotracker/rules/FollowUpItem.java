package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One item of a patient's follow-up plan: what is due, counted from which event, by when, and whether (and by which
 * event) it was met.
 *
 * @param itemId            stable for the same kind and anchor, e.g. {@code INITIAL_DXA@2023-04-10}
 * @param dueDate           the last day on which the item is on time
 * @param remindFrom        the first day a reminder is sent (due date + grace, or before the due date for a limit)
 * @param highFrom          from this day on a reminder is HIGH; null when it never is
 * @param knownAtMs         when the tracker could first know the item (recordedAt of the events that define it): no
 *                          reminder is scheduled before it
 * @param satisfiedOn       clinical date of the event that met it; null while open
 */
public record FollowUpItem(String itemId, FollowUpKind kind, String anchorEventId, LocalDate anchorDate,
                           String sourceSystem, LocalDate dueDate, LocalDate remindFrom, LocalDate highFrom,
                           long knownAtMs, String satisfyingEventId, LocalDate satisfiedOn, String reason,
                           String source, String satisfiedBy) {

    public FollowUpItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(anchorEventId, "anchorEventId");
        Objects.requireNonNull(anchorDate, "anchorDate");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(remindFrom, "remindFrom");
    }

    public boolean open() {
        return satisfiedOn == null;
    }

    /** True when the item was met before its first reminder fell due: a reminder sent for it is withdrawn. */
    public boolean metBeforeReminder() {
        return satisfiedOn != null && satisfiedOn.isBefore(remindFrom);
    }

    FollowUpItem satisfied(String eventId, LocalDate on) {
        return new FollowUpItem(itemId, kind, anchorEventId, anchorDate, sourceSystem, dueDate, remindFrom, highFrom,
                knownAtMs, eventId, on, reason, source, satisfiedBy);
    }
}
