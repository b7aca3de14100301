package org.plotracker.rules;

import java.util.Objects;

/**
 * The DXA device of a scan. Two scans are on the same device only when that can be shown: both manufacturers are
 * known and equal, and the serial numbers match, or, when a serial is missing on either, both models are recorded and
 * match. A manufacturer recorded as {@value #UNKNOWN_MANUFACTURER}, or a device with neither serial nor model on
 * either side, leaves the device not identified: such a pair is never judged as a change.
 */
public record DxaDeviceRef(String manufacturer, String model, String serialNumber) {

    /** The manufacturer name of a device the source did not identify (the contract's UNKNOWN symbol). */
    public static final String UNKNOWN_MANUFACTURER = "UNKNOWN";

    /** Whether two scans were made on one device. */
    public enum Match { SAME, DIFFERENT, NOT_IDENTIFIED }

    public DxaDeviceRef {
        Objects.requireNonNull(manufacturer, "manufacturer");
    }

    /** True when the scans can be shown to come from one device ({@link #match} is SAME). */
    public boolean sameDeviceAs(DxaDeviceRef other) {
        return match(other) == Match.SAME;
    }

    /**
     * SAME or DIFFERENT when the records decide it; NOT_IDENTIFIED when a manufacturer is unknown or neither a pair
     * of serial numbers nor a pair of models can be compared.
     */
    public Match match(DxaDeviceRef other) {
        if (!manufacturerKnown() || !other.manufacturerKnown()) {
            return Match.NOT_IDENTIFIED;
        }
        if (!manufacturer.equals(other.manufacturer)) {
            return Match.DIFFERENT;
        }
        if (serialNumber != null && other.serialNumber != null) {
            return serialNumber.equals(other.serialNumber) ? Match.SAME : Match.DIFFERENT;
        }
        if (model != null && other.model != null) {
            return model.equals(other.model) ? Match.SAME : Match.DIFFERENT;
        }
        return Match.NOT_IDENTIFIED;
    }

    private boolean manufacturerKnown() {
        return !UNKNOWN_MANUFACTURER.equals(manufacturer);
    }

    /**
     * The key clinics use in configuration: {@code MANUFACTURER:serial}, or {@code MANUFACTURER:model} without a
     * serial, or just {@code MANUFACTURER}.
     */
    public String key() {
        if (serialNumber != null) {
            return manufacturer + ":" + serialNumber;
        }
        return model != null ? manufacturer + ":" + model : manufacturer;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(manufacturer);
        if (model != null) {
            b.append(' ').append(model);
        }
        if (serialNumber != null) {
            b.append(" #").append(serialNumber);
        }
        if (model == null && serialNumber == null) {
            b.append(" (no model or serial number)");
        }
        return b.toString();
    }
}
