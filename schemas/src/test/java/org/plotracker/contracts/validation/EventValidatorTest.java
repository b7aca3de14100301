package org.plotracker.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.plotracker.contracts.validation.ValidEvents.DAY;
import static org.plotracker.contracts.validation.ValidEvents.measurement;
import static org.plotracker.contracts.validation.ValidEvents.vertebra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.EntryStatus;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.StopReason;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;

class EventValidatorTest {

    private final EventValidator validator = EventValidator.withDefaults();

    private List<String> fields(SpecificRecord event) {
        return validator.validate(event).stream().map(Violation::field).toList();
    }

    @Test
    void acceptsAValidEventOfEveryType() {
        assertThat(validator.validate(ValidEvents.delivery().build())).isEmpty();
        assertThat(validator.validate(ValidEvents.pregnancy().build())).isEmpty();
        assertThat(validator.validate(ValidEvents.fracture().build())).isEmpty();
        assertThat(validator.validate(ValidEvents.dxa().build())).isEmpty();
        assertThat(validator.validate(ValidEvents.treatment().build())).isEmpty();
        assertThat(validator.validate(ValidEvents.erasure().build())).isEmpty();
    }

    @Test
    void acceptsEveryEventOfTheSourceCases() {
        assertThat(SourceCases.events()).isNotEmpty()
                .allSatisfy(e -> assertThat(validator.validate(e)).as("%s", e).isEmpty());
    }

    @Test
    void rejectsNullAndUnsupportedRecords() {
        assertThat(validator.validate(null)).containsExactly(new Violation("event", "is missing (null)"));
        BmdChange notAnEvent = new BmdChange();
        assertThat(validator.validate(notAnEvent)).singleElement()
                .satisfies(v -> assertThat(v.reason()).startsWith("unsupported event type"));
    }

    @Nested
    class CommonFields {
        @Test
        void reportsEveryMissingIdentifierAtOnce() {
            DeliveryRecorded e = new DeliveryRecorded();
            assertThat(fields(e)).containsExactly("eventId", "patientId", "recordedAt", "sourceSystem",
                    "clinicalDate", "entryStatus");
        }

        @Test
        void aRetractionIsALaterRevisionAndRevisionsAreNotNegative() {
            assertThat(validator.validate(ValidEvents.dxa().setRevision(3).build())).isEmpty();
            assertThat(validator.validate(ValidEvents.dxa().setRevision(1)
                    .setEntryStatus(EntryStatus.ENTERED_IN_ERROR).build())).isEmpty();
            assertThat(validator.validate(ValidEvents.treatment().setEntryStatus(EntryStatus.ENTERED_IN_ERROR)
                    .build())).singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("entryStatus");
                        assertThat(v.reason()).contains("higher revision");
                    });
            assertThat(fields(ValidEvents.delivery().setRevision(-1).build())).containsExactly("revision");
            assertThat(fields(ValidEvents.pregnancy().setEntryStatus(EntryStatus.UNKNOWN).build()))
                    .containsExactly("entryStatus");
        }

        @Test
        void aPatientIdWithTheStoreKeySeparatorIsRejected() {
            assertThat(fields(ValidEvents.fracture().setPatientId("P|1").build())).containsExactly("patientId");
        }

        @Test
        void blankIdsAreRejected() {
            List<Violation> violations = validator.validate(ValidEvents.treatment().setEventId(" ").setPatientId("")
                    .setSourceSystem("\t").build());
            assertThat(violations).extracting(Violation::field).containsExactly("eventId", "patientId",
                    "sourceSystem");
            assertThat(violations).allSatisfy(v -> assertThat(v.reason()).isEqualTo("must not be blank"));
        }

        @Test
        void clinicalDateMayBeUpToOneDayAfterRecordedAt() {
            // recordedAt 2024-03-14T16:00Z: the UTC recording day is 2024-03-14.
            assertThat(validator.validate(ValidEvents.delivery().setClinicalDate(DAY.plusDays(1)).build())).isEmpty();
            assertThat(validator.validate(ValidEvents.delivery().setClinicalDate(DAY.plusDays(2)).build()))
                    .singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("clinicalDate");
                        assertThat(v.reason()).contains("2 days after recordedAt").contains("at most 1");
                    });
        }

        @Test
        void clinicalDateWindowIsConfigurableAndUsesNoWallClock() {
            EventValidator strict = new EventValidator(ValidationLimits.defaults().withMaxDaysClinicalAfterRecorded(0));
            assertThat(strict.validate(ValidEvents.dxa().setClinicalDate(DAY).build())).isEmpty();
            assertThat(strict.validate(ValidEvents.dxa().setClinicalDate(DAY.plusDays(1)).build())).hasSize(1);
            // An event recorded long ago about an earlier date is fine whatever today is.
            assertThat(validator.validate(ValidEvents.dxa().setClinicalDate(LocalDate.of(1950, 1, 1))
                    .setRecordedAt(Instant.parse("1950-01-02T00:00:00Z")).build())).isEmpty();
        }

        @Test
        void datesBefore1900AreRejected() {
            assertThat(validator.validate(ValidEvents.pregnancy().setClinicalDate(LocalDate.of(1900, 1, 1))
                    .setEstimatedDueDate(null).build())).isEmpty();
            assertThat(fields(ValidEvents.pregnancy().setClinicalDate(LocalDate.of(1899, 12, 31))
                    .setEstimatedDueDate(null).build())).containsExactly("clinicalDate");
            assertThat(fields(ValidEvents.erasure().setRecordedAt(Instant.parse("1899-12-31T23:59:59Z")).build()))
                    .containsExactly("recordedAt");
        }
    }

    @Nested
    class Delivery {
        @ParameterizedTest
        @ValueSource(ints = {1, 20})
        void parityAtTheLimitsIsAccepted(int parity) {
            assertThat(validator.validate(ValidEvents.delivery().setParity(parity).build())).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 21})
        void parityOutsideTheLimitsIsRejected(int parity) {
            assertThat(fields(ValidEvents.delivery().setParity(parity).build())).containsExactly("parity");
        }

        @ParameterizedTest
        @ValueSource(ints = {4, 45})
        void gestationalWeeksAtTheLimitsAreAccepted(int weeks) {
            assertThat(validator.validate(ValidEvents.delivery().setGestationalWeeks(weeks).build())).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(ints = {3, 46, 0})
        void gestationalWeeksOutsideTheLimitsAreRejected(int weeks) {
            assertThat(fields(ValidEvents.delivery().setGestationalWeeks(weeks).build()))
                    .containsExactly("gestationalWeeks");
        }

        @Test
        void optionalFieldsMayBeAbsent() {
            assertThat(validator.validate(ValidEvents.delivery().setParity(null).setGestationalWeeks(null).build()))
                    .isEmpty();
        }
    }

    @Nested
    class Pregnancy {
        @Test
        void gestationalWeeksAtConfirmationAreChecked() {
            assertThat(fields(ValidEvents.pregnancy().setGestationalWeeksAtConfirmation(3).build()))
                    .containsExactly("gestationalWeeksAtConfirmation");
            assertThat(validator.validate(ValidEvents.pregnancy().setGestationalWeeksAtConfirmation(4).build()))
                    .isEmpty();
        }

        @Test
        void dueDateMustLieAfterConfirmationAndWithin45Weeks() {
            assertThat(fields(ValidEvents.pregnancy().setEstimatedDueDate(DAY).build()))
                    .containsExactly("estimatedDueDate");
            assertThat(validator.validate(ValidEvents.pregnancy().setEstimatedDueDate(DAY.plusDays(1)).build()))
                    .isEmpty();
            assertThat(validator.validate(ValidEvents.pregnancy().setEstimatedDueDate(DAY.plusWeeks(45)).build()))
                    .isEmpty();
            assertThat(fields(ValidEvents.pregnancy().setEstimatedDueDate(DAY.plusWeeks(45).plusDays(1)).build()))
                    .containsExactly("estimatedDueDate");
        }
    }

    @Nested
    class Fracture {
        @Test
        void atLeastOneSiteIsRequired() {
            assertThat(fields(ValidEvents.fracture().setFractures(List.of()).build())).containsExactly("fractures");
        }

        @Test
        void aVertebralFractureNeedsItsLevel() {
            FractureSite noLevel = FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA).build();
            FractureSite unknownLevel = FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA)
                    .setVertebra(Vertebra.UNKNOWN).build();
            // UNKNOWN is a level a newer producer knows and this version does not: accepted (issue 14, item 13)
            assertThat(fields(ValidEvents.fracture().setFractures(List.of(vertebra(Vertebra.T4), noLevel,
                    unknownLevel)).build())).containsExactly("fractures[1].vertebra");
        }

        @Test
        void aNonVertebralFractureNeedsNoLevelAndMustNotHaveOne() {
            FractureSite wrist = FractureSite.newBuilder().setRegion(SkeletalRegion.WRIST).build();
            assertThat(validator.validate(ValidEvents.fracture().setFractures(List.of(wrist)).build())).isEmpty();
            FractureSite hipWithLevel = FractureSite.newBuilder().setRegion(SkeletalRegion.HIP)
                    .setVertebra(Vertebra.L1).build();
            assertThat(fields(ValidEvents.fracture().setFractures(List.of(hipWithLevel)).build()))
                    .containsExactly("fractures[0].vertebra");
        }

        @Test
        void duplicateLevelsAreRejectedAnUnknownRegionIsNot() {
            FractureSite unknown = FractureSite.newBuilder().setRegion(SkeletalRegion.UNKNOWN).build();
            assertThat(fields(ValidEvents.fracture().setFractures(List.of(vertebra(Vertebra.T7), unknown,
                    vertebra(Vertebra.T7))).build())).containsExactly("fractures[2].vertebra");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 4})
        void genantGradeOutside1To3IsRejected(int grade) {
            FractureSite site = FractureSite.newBuilder(vertebra(Vertebra.L1)).setGenantGrade(grade).build();
            assertThat(fields(ValidEvents.fracture().setFractures(List.of(site)).build()))
                    .containsExactly("fractures[0].genantGrade");
        }

        @Test
        void symptomOnsetMustNotFollowDiagnosis() {
            assertThat(validator.validate(ValidEvents.fracture().setSymptomOnsetDate(DAY).build())).isEmpty();
            assertThat(fields(ValidEvents.fracture().setSymptomOnsetDate(DAY.plusDays(1)).build()))
                    .containsExactly("symptomOnsetDate");
            assertThat(fields(ValidEvents.fracture().setSymptomOnsetDate(LocalDate.of(1899, 1, 1)).build()))
                    .containsExactly("symptomOnsetDate");
        }
    }

    @Nested
    class Dxa {
        @Test
        void atLeastOneMeasurementIsRequired() {
            assertThat(fields(ValidEvents.dxa().setMeasurements(List.of()).build())).containsExactly("measurements");
        }

        @Test
        void eachMeasurementNeedsAValueAndASite() {
            assertThat(fields(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.LUMBAR_SPINE, null, null, -2.0),
                    measurement(DxaSite.TOTAL_HIP, null, null, null),
                    measurement(DxaSite.UNKNOWN, 0.9, null, null))).build()))
                    .containsExactly("measurements[1]");
        }

        @Test
        void aSiteMayAppearOnlyOncePerScan() {
            assertThat(validator.validate(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.FEMORAL_NECK, 0.7, null, null),
                    measurement(DxaSite.FEMORAL_NECK, 0.71, null, null))).build()))
                    .containsExactly(new Violation("measurements[1].site",
                            "site FEMORAL_NECK is measured more than once in one scan"));
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.1, 2.5, 1.0})
        void bmdAtTheLimitsIsAccepted(double bmd) {
            assertThat(validator.validate(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.TOTAL_HIP, bmd, null, null))).build())).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.0999, 2.5001, 0.0, -0.8, Double.NaN, Double.POSITIVE_INFINITY})
        void implausibleBmdIsRejected(double bmd) {
            assertThat(fields(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.TOTAL_HIP, bmd, null, null))).build()))
                    .containsExactly("measurements[0].bmdGramsPerCm2");
        }

        @ParameterizedTest
        @ValueSource(doubles = {8.0, -8.0, 0.0})
        void scoresAtTheLimitsAreAccepted(double score) {
            assertThat(validator.validate(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.LUMBAR_SPINE, null, score, score))).build())).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(doubles = {8.01, -8.01, -25.0, Double.NaN})
        void implausibleScoresAreRejectedWithTheirPath(double score) {
            assertThat(fields(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.LUMBAR_SPINE, 0.8, -2.0, -2.0),
                    measurement(DxaSite.FEMORAL_NECK, null, score, score))).build()))
                    .containsExactly("measurements[1].tScore", "measurements[1].zScore");
        }

        @Test
        void scoreLimitIsConfigurable() {
            EventValidator narrow = new EventValidator(ValidationLimits.defaults().withMaxAbsScore(5));
            assertThat(fields(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.LUMBAR_SPINE, null, null, -5.5))).build())).isEmpty();
            assertThat(narrow.validate(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.LUMBAR_SPINE, null, null, -5.5))).build())).singleElement()
                    .satisfies(v -> assertThat(v.reason()).isEqualTo("Z-score -5.5 is outside -5.0..5.0"));
        }

        @Test
        void onlyLumbarLevelsOfALumbarMeasurementCanBeExcluded() {
            assertThat(validator.validate(ValidEvents.dxa().setExcludedVertebrae(List.of(Vertebra.L2, Vertebra.L4))
                    .build())).isEmpty();
            assertThat(fields(ValidEvents.dxa().setExcludedVertebrae(List.of(Vertebra.T12, Vertebra.L2,
                    Vertebra.L2)).build())).containsExactly("excludedVertebrae[0]", "excludedVertebrae[2]");
            assertThat(fields(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.TOTAL_HIP, 0.8, null, null))).setExcludedVertebrae(List.of(Vertebra.L1))
                    .build())).containsExactly("excludedVertebrae");
        }
    }

    @Nested
    class Treatment {
        @Test
        void actionAndAgentAreRequired() {
            TreatmentRecorded missing = ValidEvents.treatment().build();
            missing.put("action", null);
            missing.put("agent", null);
            assertThat(fields(missing)).containsExactly("action", "agent");
        }

        @Test
        void aChangeNeedsADifferentPreviousAgent() {
            assertThat(fields(ValidEvents.treatment().setAction(TreatmentAction.CHANGED).build()))
                    .containsExactly("previousAgent");
            assertThat(fields(ValidEvents.treatment().setAction(TreatmentAction.CHANGED)
                    .setPreviousAgent(TreatmentAgent.TERIPARATIDE).build())).containsExactly("previousAgent");
            assertThat(validator.validate(ValidEvents.treatment().setAction(TreatmentAction.CHANGED)
                    .setPreviousAgent(TreatmentAgent.CALCIUM_VITAMIN_D).setStopReason(StopReason.SWITCHED).build()))
                    .isEmpty();
        }

        @Test
        void aPreviousAgentOrStopReasonOnAStartIsRejected() {
            assertThat(fields(ValidEvents.treatment().setPreviousAgent(TreatmentAgent.DENOSUMAB)
                    .setStopReason(StopReason.PREGNANCY).build())).containsExactly("previousAgent", "stopReason");
        }

        @Test
        void doseMustBePositiveAndCarryAUnit() {
            assertThat(fields(ValidEvents.treatment().setDoseAmount(0.0).build())).containsExactly("doseAmount");
            assertThat(fields(ValidEvents.treatment().setDoseAmount(-20.0).build())).containsExactly("doseAmount");
            assertThat(fields(ValidEvents.treatment().setDoseUnit(null).build())).containsExactly("doseUnit");
            assertThat(validator.validate(ValidEvents.treatment().setDoseAmount(null).setDoseUnit(null).build()))
                    .isEmpty();
        }
    }

    /** Issue 14, item 13: a symbol a newer producer writes arrives as UNKNOWN and must not refuse the event. */
    @Nested
    class UnknownSymbols {
        @Test
        void unknownEnumValuesAreAcceptedWhereverAValueIsPresent() {
            assertThat(validator.validate(ValidEvents.treatment().setAction(TreatmentAction.UNKNOWN)
                    .setAgent(TreatmentAgent.UNKNOWN).build())).isEmpty();
            assertThat(validator.validate(ValidEvents.treatment().setAction(TreatmentAction.CHANGED)
                    .setAgent(TreatmentAgent.UNKNOWN).setPreviousAgent(TreatmentAgent.UNKNOWN).build())).isEmpty();
            assertThat(validator.validate(ValidEvents.dxa().setMeasurements(List.of(
                    measurement(DxaSite.UNKNOWN, 0.9, null, null), measurement(DxaSite.UNKNOWN, 0.8, null, null),
                    measurement(DxaSite.LUMBAR_SPINE, 0.9, null, null)))
                    .setExcludedVertebrae(List.of(Vertebra.UNKNOWN, Vertebra.UNKNOWN)).build())).isEmpty();
            FractureSite unknownRegionWithLevel = FractureSite.newBuilder().setRegion(SkeletalRegion.UNKNOWN)
                    .setVertebra(Vertebra.C5).build();
            assertThat(validator.validate(ValidEvents.fracture().setFractures(List.of(unknownRegionWithLevel,
                    FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA).setVertebra(Vertebra.UNKNOWN)
                            .build())).build())).isEmpty();
        }

        @Test
        void aThoracicLevelIsStillNotAnExcludedLumbarLevel() {
            assertThat(fields(ValidEvents.dxa().setExcludedVertebrae(List.of(Vertebra.T12)).build()))
                    .containsExactly("excludedVertebrae[0]");
        }
    }

    /** Issue 14, item 12: a record cannot be made in the future. */
    @Nested
    class RecordedAtAgainstTheClock {
        private final Instant now = Instant.parse("2025-06-01T12:00:00Z");
        private final EventValidator atNoon = new EventValidator(ValidationLimits.defaults(),
                Clock.fixed(now, ZoneOffset.UTC));

        @Test
        void aRecordedAtUpToTheToleranceAheadIsAcceptedOneMillisecondMoreIsNot() {
            Instant limit = now.plus(Duration.ofMinutes(10));
            assertThat(atNoon.validate(ValidEvents.delivery().setClinicalDate(LocalDate.of(2025, 6, 1))
                    .setRecordedAt(limit).build())).isEmpty();
            assertThat(atNoon.validate(ValidEvents.delivery().setClinicalDate(LocalDate.of(2025, 6, 1))
                    .setRecordedAt(limit.plusMillis(1)).build())).containsExactly(new Violation("recordedAt",
                    "time 2025-06-01T12:10:00.001Z is later than the time of checking 2025-06-01T12:00:00Z plus 10"
                            + " minutes: a record cannot be made in the future"));
        }

        @Test
        void aScanRecordedIn2099IsRefusedEvenWithAMatchingClinicalDate() {
            DxaScanRecorded future = ValidEvents.dxa().setClinicalDate(LocalDate.of(2099, 3, 1))
                    .setRecordedAt(Instant.parse("2099-03-01T10:00:00Z")).build();
            assertThat(fields(future)).as("the system clock").containsExactly("recordedAt");
        }

        @Test
        void theToleranceIsConfigurable() {
            EventValidator lenient = new EventValidator(ValidationLimits.defaults()
                    .withMaxRecordedAtAhead(Duration.ofHours(2)), Clock.fixed(now, ZoneOffset.UTC));
            assertThat(lenient.validate(ValidEvents.delivery().setClinicalDate(LocalDate.of(2025, 6, 1))
                    .setRecordedAt(now.plus(Duration.ofMinutes(90))).build())).isEmpty();
            assertThat(ValidationLimits.defaults().maxRecordedAtAhead()).isEqualTo(Duration.ofMinutes(10));
            assertThatThrownBy(() -> ValidationLimits.defaults().withMaxRecordedAtAhead(Duration.ofMinutes(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void limitsRejectInconsistentConfiguration() {
        ValidationLimits d = ValidationLimits.defaults();
        assertThatThrownBy(() -> d.withBmdRange(2.0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxAbsScore(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxDaysClinicalAfterRecorded(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.maxAbsScore()).isEqualTo(8.0);
        assertThat(d.earliestClinicalDate()).isEqualTo(LocalDate.of(1900, 1, 1));
    }
}
