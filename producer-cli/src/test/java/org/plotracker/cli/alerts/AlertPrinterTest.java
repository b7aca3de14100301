package org.plotracker.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.common.AlertSeverity;

class AlertPrinterTest {

    /** Issue 14, item 14: the time shown is when the triggering event was recorded, and the header says so. */
    @Test
    void theTableHeadsTheTriggerRecordingTimeRecordedNotRaised() {
        StringWriter text = new StringWriter();
        AlertPrinter printer = new AlertPrinter(new PrintWriter(text), AlertPrinter.Format.TABLE);
        printer.print(new AlertView(AlertKind.BMD_CHANGE, "a-1", "PLO-SRC-02", AlertSeverity.HIGH,
                "Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE", Instant.parse("2023-10-27T16:00:00Z"),
                null));
        printer.flush();
        assertThat(text.toString().lines().toList()).containsExactly(
                "RECORDED (UTC)     SEVERITY  TYPE             PATIENT         HEADLINE",
                "2023-10-27 16:00Z  HIGH      bmd-change       PLO-SRC-02      Loss beyond LSC at FEMORAL_NECK while on"
                        + " TERIPARATIDE");
    }
}
