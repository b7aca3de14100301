package org.plotracker.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLayoutTest {

    @Test
    void dxaHasFourColumnsPerSiteAndPrefixedDeviceColumns() {
        List<String> names = EventLayout.of(EventType.DXA).columns().stream().map(Column::name).toList();
        assertThat(names).startsWith("eventId", "patientId", "clinicalDate", "recordedAt", "sourceSystem",
                "deviceManufacturer", "deviceModel", "deviceSerialNumber")
                .contains("lumbarSpineBmd", "lumbarSpineT", "lumbarSpineZ", "lumbarSpineRegion", "femoralNeckZ",
                        "totalHipBmd", "distalRadius33Z", "totalBodyBmd", "excludedVertebrae", "referenceDatabase")
                .doesNotContain("measurements", "device");
    }

    @Test
    void columnsBecomeKebabCaseOptions() {
        assertThat(new Column("lumbarSpineZ", "SCORE", "", false, List.of()).optionName())
                .isEqualTo("--lumbar-spine-z");
        assertThat(new Column("distalRadius33Bmd", "", "", false, List.of()).optionName())
                .isEqualTo("--distal-radius-33-bmd");
        assertThat(new Column("gestationalWeeksAtConfirmation", "", "", false, List.of()).optionName())
                .isEqualTo("--gestational-weeks-at-confirmation");
    }

    @Test
    void requiredColumnsAndEnumCandidatesComeFromTheSchema() {
        EventLayout treatment = EventLayout.of(EventType.TREATMENT);
        assertThat(treatment.column("eventId")).get().extracting(Column::required).isEqualTo(true);
        assertThat(treatment.column("doseAmount")).get().extracting(Column::required).isEqualTo(false);
        assertThat(treatment.column("agent").orElseThrow().candidates()).contains("TERIPARATIDE", "DENOSUMAB")
                .doesNotContain("UNKNOWN");
        assertThat(treatment.column("clinicalDate").orElseThrow().valueHint()).isEqualTo("DATE");
    }

    @Test
    void flatValuesTakeTheJsonShapeOfTheEvent() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("eventId", "e1");
        values.put("femoralNeckZ", "-1.9");
        values.put("lumbarSpineZ", "-2.6");
        values.put("lumbarSpineBmd", " ");
        values.put("deviceModel", "Prodigy");
        values.put("excludedVertebrae", "L2;L3");
        ObjectNode json = EventLayout.of(EventType.DXA).toJson(values);
        assertThat(json.toString()).isEqualTo("{\"eventId\":\"e1\",\"device\":{\"model\":\"Prodigy\"},"
                + "\"excludedVertebrae\":\"L2;L3\",\"measurements\":[{\"site\":\"LUMBAR_SPINE\",\"zScore\":\"-2.6\"},"
                + "{\"site\":\"FEMORAL_NECK\",\"zScore\":\"-1.9\"}]}");
        assertThat(EventLayout.of(EventType.DXA).columnFor("measurements[1].zScore", json)).isEqualTo("femoralNeckZ");
        assertThat(EventLayout.of(EventType.DXA).columnFor("measurements[0]", json)).isEqualTo("lumbarSpine*");
        assertThat(EventLayout.of(EventType.DXA).columnFor("device.model", json)).isEqualTo("deviceModel");
        assertThat(EventLayout.of(EventType.DXA).columnFor("excludedVertebrae[1]", json))
                .isEqualTo("excludedVertebrae (entry 2)");
        assertThat(EventLayout.of(EventType.DXA).columnFor("clinicalDate", json)).isEqualTo("clinicalDate");
    }

    @Test
    void aNameOutsideTheLayoutIsRefused() {
        assertThatThrownBy(() -> EventLayout.of(EventType.DELIVERY).toJson(Map.of("zScore", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zScore");
    }
}
