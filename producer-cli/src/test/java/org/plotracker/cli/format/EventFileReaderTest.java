package org.plotracker.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.VertebralMorphology;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.Violation;

class EventFileReaderTest {

    @TempDir
    Path dir;

    private final EventFileReader reader = new EventFileReader(new EventDecoder(EventValidator.withDefaults()));

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private List<InputLine> read(Path file, FileFormat format, EventType type) throws Exception {
        return reader.read(file, format, type, n -> { });
    }

    private static List<String> problems(InputLine line) {
        return line.problems().stream().map(Violation::toString).toList();
    }

    @Test
    void everySourceCaseEventSurvivesAJsonLinesRoundTrip() throws Exception {
        String content = SourceCases.events().stream().map(e -> RecordJson.toJsonLine(e).toString())
                .collect(Collectors.joining("\n", "", "\n"));
        List<InputLine> lines = read(write("cohort.jsonl", content), FileFormat.JSONL, null);

        assertThat(lines).allSatisfy(l -> assertThat(l.problems()).as("line %d", l.line()).isEmpty());
        List<SpecificRecord> events = lines.stream().map(InputLine::event).toList();
        assertThat(events).isEqualTo(SourceCases.events());
    }

    @Test
    void jsonLinesReportEveryProblemWithLineAndField() throws Exception {
        String content = String.join("\n",
                "{\"type\":\"delivery\",\"eventId\":\"d1\",\"patientId\":\"P1\",\"clinicalDate\":\"2024-02-30\","
                        + "\"recordedAt\":\"2024-03-01T10:00:00Z\",\"sourceSystem\":\"s\",\"parity\":0,\"colour\":1}",
                "",
                "{\"type\":\"dxa\",\"eventId\":\"x1\",\"patientId\":\"P1\",\"clinicalDate\":\"2024-03-01\","
                        + "\"recordedAt\":\"2024-03-01T10:00:00Z\",\"sourceSystem\":\"s\",\"device\":{},"
                        + "\"measurements\":[{\"site\":\"LUMBAR_SPINE\",\"zScore\":-2.1},"
                        + "{\"site\":\"femoral-neck\",\"zScore\":9.1,\"tScore\":\"abc\"}]}",
                "not json",
                "{\"type\":\"scan\"}",
                "{\"eventId\":\"e\"}",
                "[1,2]");
        List<InputLine> lines = read(write("bad.jsonl", content), FileFormat.JSONL, null);

        assertThat(lines).extracting(InputLine::line).containsExactly(1, 3, 4, 5, 6, 7);
        assertThat(lines).noneMatch(InputLine::valid);
        assertThat(problems(lines.get(0))).containsExactly(
                "colour: unknown field; DeliveryRecorded has [eventId, patientId, clinicalDate, recordedAt, "
                        + "sourceSystem, deliveryMode, parity, gestationalWeeks, multipleBirth, breastFeeding, revision, "
                        + "entryStatus]",
                "clinicalDate: not a date (YYYY-MM-DD): '2024-02-30'",
                "parity: parity 0 is outside 1..20 (births including this one)");
        assertThat(problems(lines.get(1))).containsExactly(
                "measurements[1].tScore: not a number: 'abc'",
                "measurements[1].zScore: Z-score 9.1 is outside -8.0..8.0");
        assertThat(problems(lines.get(2))).singleElement().asString().startsWith("json: not valid JSON");
        assertThat(problems(lines.get(3))).containsExactly(
                "type: 'scan' is not one of [delivery, pregnancy, fracture, dxa, treatment, erasure]");
        assertThat(problems(lines.get(4))).containsExactly(
                "type: is required, one of [delivery, pregnancy, fracture, dxa, treatment, erasure]");
        assertThat(problems(lines.get(5))).containsExactly("json: each line must be one JSON object");
    }

    @Test
    void aMissingRequiredFieldIsReportedOnce() throws Exception {
        List<InputLine> lines = read(write("t.jsonl", "{\"type\":\"treatment\",\"eventId\":\"t1\","
                + "\"patientId\":\"P1\",\"clinicalDate\":\"2024-03-01\",\"recordedAt\":1709287200000,"
                + "\"sourceSystem\":\"s\",\"action\":\"STARTED\"}\n"), FileFormat.JSONL, null);
        assertThat(problems(lines.get(0))).containsExactly("agent: is required");
    }

    @Test
    void csvRowsUseTheLayoutAndErrorsNameColumns() throws Exception {
        String content = String.join("\n",
                "eventId,patientId,clinicalDate,recordedAt,sourceSystem,deviceManufacturer,lumbarSpineZ,"
                        + "femoralNeckZ,femoralNeckBmd,excludedVertebrae",
                "s1,P1,2024-03-01,2024-03-01T10:00:00Z,clinic,HOLOGIC,-2.6,-1.9,0.701,L2",
                "s2,P1,2024-03-01,2024-03-01T10:00:00Z,clinic,hologic,-2.6,-9.5,3.1,T12",
                "s3,P2,2024-03-01,2024-03-01T10:00:00Z,clinic,,,,,",
                "s4,P2,2024-03-01");
        List<InputLine> lines = read(write("dxa.csv", content), FileFormat.CSV, EventType.DXA);

        assertThat(lines.get(0).valid()).isTrue();
        DxaScanRecorded scan = (DxaScanRecorded) lines.get(0).event();
        assertThat(scan.getMeasurements()).extracting(m -> m.getSite()).containsExactly(DxaSite.LUMBAR_SPINE,
                DxaSite.FEMORAL_NECK);
        assertThat(scan.getMeasurements().get(1).getBmdGramsPerCm2()).isEqualTo(0.701);
        assertThat(scan.getExcludedVertebrae()).containsExactly(Vertebra.L2);
        assertThat(scan.getClinicalDate()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(scan.getRecordedAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));

        assertThat(lines.get(1).line()).isEqualTo(3);
        assertThat(problems(lines.get(1))).containsExactly(
                "femoralNeckBmd: BMD 3.1 g/cm² is outside 0.1..2.5",
                "femoralNeckZ: Z-score -9.5 is outside -8.0..8.0",
                "excludedVertebrae (entry 1): only lumbar-spine levels L1..L4 can be excluded, not T12");
        assertThat(problems(lines.get(2))).containsExactly("measurements: at least one site measurement is required");
        assertThat(problems(lines.get(3))).containsExactly("row: has 3 values, the header has 10");
    }

    @Test
    void csvFractureSitesUseTheShorthand() throws Exception {
        String content = "eventId,patientId,clinicalDate,recordedAt,sourceSystem,modality,trauma,fractures\n"
                + "f1,P1,2024-03-01,2024-03-01T10:00:00Z,clinic,MRI,NONE,T12:WEDGE:2;L2;wrist\n"
                + "f2,P1,2024-03-01,2024-03-01T10:00:00Z,clinic,MRI,NONE,X9;L1:FLAT\n";
        List<InputLine> lines = read(write("f.csv", content), FileFormat.CSV, EventType.FRACTURE);
        FractureDiagnosed fracture = (FractureDiagnosed) lines.get(0).event();
        assertThat(fracture.getFractures()).extracting(s -> s.getRegion(), s -> s.getVertebra(),
                s -> s.getMorphology(), s -> s.getGenantGrade()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SkeletalRegion.VERTEBRA, Vertebra.T12, VertebralMorphology.WEDGE,
                        2),
                org.assertj.core.groups.Tuple.tuple(SkeletalRegion.VERTEBRA, Vertebra.L2, VertebralMorphology.UNKNOWN,
                        null),
                org.assertj.core.groups.Tuple.tuple(SkeletalRegion.WRIST, null, VertebralMorphology.UNKNOWN, null));
        assertThat(problems(lines.get(1))).hasSize(2).satisfies(p -> {
            assertThat(p.get(0)).startsWith("fractures (entry 1): 'X9' is neither a vertebral level");
            assertThat(p.get(1)).startsWith("fractures (entry 2): not one of [WEDGE, BICONCAVE, CRUSH]: 'FLAT'");
        });
    }

    @Test
    void aCsvWithATypeColumnMayMixEventTypes() throws Exception {
        String content = "type,eventId,patientId,clinicalDate,recordedAt,sourceSystem,parity,agent,action\n"
                + "delivery,d1,P1,2024-01-01,2024-01-01T10:00:00Z,clinic,1,,\n"
                + "treatment,t1,P1,2024-02-01,2024-02-01T10:00:00Z,clinic,,TERIPARATIDE,STARTED\n"
                + "treatment,t2,P1,2024-02-01,2024-02-01T10:00:00Z,clinic,2,TERIPARATIDE,STARTED\n";
        List<InputLine> lines = read(write("mixed.csv", content), FileFormat.CSV, null);
        assertThat(lines).extracting(InputLine::type).containsExactly(EventType.DELIVERY, EventType.TREATMENT,
                EventType.TREATMENT);
        assertThat(lines.get(0).valid()).isTrue();
        assertThat(lines.get(1).valid()).isTrue();
        assertThat(problems(lines.get(2))).containsExactly("parity: is not a column of treatment; leave it empty");
    }

    @Test
    void aCsvWithoutTypeOrWithUnknownColumnsIsRefusedAsAWhole() throws Exception {
        Path noType = write("x.csv", "eventId,patientId\n1,2\n");
        assertThatThrownBy(() -> read(noType, FileFormat.CSV, null)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("--type");
        Path unknown = write("y.csv", "eventId,patientId,zscore,eventId\n");
        assertThatThrownBy(() -> read(unknown, FileFormat.CSV, EventType.DELIVERY))
                .isInstanceOf(InputFileException.class)
                .hasMessage("line 1: unknown column(s) [zscore] for delivery (see 'plo import --help' or "
                        + "'plo layout delivery'); column(s) [eventId] appear more than once");
    }

    @Test
    void anEventIdRepeatedInOneFileIsReportedOnItsSecondLine() throws Exception {
        String row = "{\"type\":\"erasure\",\"eventId\":\"same\",\"patientId\":\"P1\","
                + "\"recordedAt\":\"2024-03-01T10:00:00+09:00\",\"sourceSystem\":\"s\"}";
        List<InputLine> lines = read(write("e.jsonl", row + "\n" + row + "\n"), FileFormat.JSONL, null);
        assertThat(lines.get(0).valid()).isTrue();
        assertThat(problems(lines.get(1))).containsExactly("eventId: 'same' is already used on line 1 of this file");
    }

    @Test
    void formatFollowsTheExtension() {
        assertThat(FileFormat.fromFileName(Path.of("a/b.CSV"))).contains(FileFormat.CSV);
        assertThat(FileFormat.fromFileName(Path.of("b.ndjson"))).contains(FileFormat.JSONL);
        assertThat(FileFormat.fromFileName(Path.of("b.txt"))).isEmpty();
    }
}
