package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndexEpisodeRuleTest {

    private final IndexEpisodeRule rule = new IndexEpisodeRule(RulesConfig.defaults());

    /** Delivery 2024-01-10: window from 98 days before to 18 months after, both ends included. */
    @ParameterizedTest(name = "fracture on {0}: {1}")
    @CsvSource({"2023-10-03, false", "2023-10-04, true", "2024-01-10, true", "2025-07-10, true",
            "2025-07-11, false"})
    void fragilityFractureWithinTheWindow(String fractureDate, boolean qualifies) {
        Optional<IndexEpisode> e = rule.find(new Histories().delivery("2024-01-10").fracture(fractureDate, "T12")
                .build());
        assertThat(e.isPresent()).isEqualTo(qualifies);
        e.ifPresent(ep -> {
            assertThat(ep.kind()).isEqualTo(IndexEpisode.Kind.FRAGILITY_FRACTURE);
            assertThat(ep.episodeDate()).isEqualTo(LocalDate.parse(fractureDate));
        });
    }

    @Test
    void highTraumaDoesNotQualifyAndVertebraeAreUnitedInAnatomicalOrder() {
        assertThat(rule.find(new Histories().delivery("2024-01-10").traumaticFracture("2024-03-01", "L1").build()))
                .isEmpty();
        IndexEpisode e = rule.find(new Histories().delivery("2024-01-10").fracture("2024-03-01", "L2", "T12")
                .fracture("2024-05-01", "T4", "T12").build()).orElseThrow();
        assertThat(e.fracturedVertebrae()).containsExactly("T4", "T12", "L2");
        assertThat(e.qualifyingEventIds()).hasSize(2);
        assertThat(e.episodeDate()).isEqualTo(LocalDate.parse("2024-03-01"));
    }

    @ParameterizedTest(name = "Z {0}: {1}")
    @CsvSource({"-1.9, false", "-2.0, true", "-2.1, true"})
    void lowZScorePostpartumWithoutFracture(double z, boolean qualifies) {
        Optional<IndexEpisode> e = rule.find(new Histories().delivery("2024-01-10").spineZ("2024-04-01", z).build());
        assertThat(e.isPresent()).isEqualTo(qualifies);
        e.ifPresent(ep -> assertThat(ep.kind()).isEqualTo(IndexEpisode.Kind.LOW_BMD_POSTPARTUM));
    }

    @Test
    void theFirstDeliveryWithAQualifyingEventIsTheIndexDelivery() {
        IndexEpisode e = rule.find(new Histories().delivery("2019-01-10").delivery("2024-01-10")
                .fracture("2024-02-01", "L1").build()).orElseThrow();
        assertThat(e.indexDelivery().date()).isEqualTo(LocalDate.parse("2024-01-10"));
        assertThat(rule.find(new Histories().fracture("2024-02-01", "L1").build())).as("no delivery").isEmpty();
    }

    @Test
    void theWindowIsConfigurable() {
        IndexEpisodeRule shortWindow = new IndexEpisodeRule(RulesConfig.builder().episodeWindowMonths(6).build());
        assertThat(shortWindow.find(new Histories().delivery("2024-01-10").fracture("2024-07-11", "L1").build()))
                .isEmpty();
    }
}
