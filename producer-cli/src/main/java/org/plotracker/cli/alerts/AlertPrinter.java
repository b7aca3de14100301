package org.plotracker.cli.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.plotracker.cli.format.RecordJson;

/**
 * Prints alerts as a readable table or as JSON Lines (one object per alert, the full alert under "alert"). The table's
 * first column is the alert's {@code raisedAt}: when the clinic recorded the event that triggered it (deterministic,
 * not when the tracker decided or the alert was read), so it is headed "RECORDED".
 */
public final class AlertPrinter {

    /** Output formats. */
    public enum Format { TABLE, JSON }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ROW = "%-17s  %-8s  %-15s  %-14s  %s%n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final Format format;
    private boolean headerPrinted;

    public AlertPrinter(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    public void print(AlertView alert) {
        if (format == Format.JSON) {
            ObjectNode line = JSON.createObjectNode().put("type", alert.kind().cliName())
                    .put("alertId", alert.alertId()).put("patientId", alert.patientId())
                    .put("severity", String.valueOf(alert.severity()))
                    .put("raisedAt", String.valueOf(alert.raisedAt())).put("headline", alert.headline());
            line.set("alert", RecordJson.toJson(alert.alert()));
            out.println(line);
            return;
        }
        if (!headerPrinted) {
            out.printf(Locale.ROOT, ROW, "RECORDED (UTC)", "SEVERITY", "TYPE", "PATIENT", "HEADLINE");
            headerPrinted = true;
        }
        out.printf(Locale.ROOT, ROW, alert.raisedAt() == null ? "-" : TIME.format(alert.raisedAt()),
                alert.severity(), alert.kind().cliName(), alert.patientId(), alert.headline());
    }

    public void flush() {
        out.flush();
    }
}
