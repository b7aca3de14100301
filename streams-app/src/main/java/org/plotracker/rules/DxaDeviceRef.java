package org.plotracker.rules;

import java.util.Objects;

/**
 * The DXA device of a scan. Two scans are on the same device when manufacturer and serial number match, or, when a
 * serial is missing on either, when manufacturer and model match.
 */
public record DxaDeviceRef(String manufacturer, String model, String serialNumber) {
    public DxaDeviceRef {
        Objects.requireNonNull(manufacturer, "manufacturer");
    }

    public boolean sameDeviceAs(DxaDeviceRef other) {
        if (!manufacturer.equals(other.manufacturer)) {
            return false;
        }
        if (serialNumber != null && other.serialNumber != null) {
            return serialNumber.equals(other.serialNumber);
        }
        return Objects.equals(model, other.model);
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
        return b.toString();
    }
}
