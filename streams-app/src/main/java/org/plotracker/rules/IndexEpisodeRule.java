package org.plotracker.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the PLO index episode: the first delivery (in clinical-date order) with a fragility fracture dated from
 * {@code thirdTrimesterDays} before it to {@code episodeWindowMonths} after it (both ends included); failing any
 * fracture, a scan in that window with a Z-score at or below {@code lowZScore} ("low BMD postpartum"). A fracture with
 * high trauma never qualifies; trauma not recorded does (and the fracture event is named as evidence).
 */
public final class IndexEpisodeRule {

    private final RulesConfig config;

    public IndexEpisodeRule(RulesConfig config) {
        this.config = config;
    }

    public Optional<IndexEpisode> find(PatientHistory history) {
        for (Delivery delivery : history.deliveries()) {
            LocalDate from = delivery.date().minusDays(config.thirdTrimesterDays());
            LocalDate to = delivery.date().plusMonths(config.episodeWindowMonths());
            List<FractureDiagnosis> fractures = history.fractures().stream()
                    .filter(FractureDiagnosis::fragility)
                    .filter(f -> within(f.date(), from, to)).toList();
            if (!fractures.isEmpty()) {
                Set<String> vertebrae = new LinkedHashSet<>();
                Set<String> others = new LinkedHashSet<>();
                fractures.forEach(f -> {
                    vertebrae.addAll(f.vertebrae());
                    others.addAll(f.otherSites());
                });
                List<String> orderedVertebrae = new ArrayList<>(vertebrae);
                orderedVertebrae.sort(Comparator.comparingInt(Vertebrae::level));
                return Optional.of(new IndexEpisode(IndexEpisode.Kind.FRAGILITY_FRACTURE, fractures.get(0).date(),
                        delivery, fractures.stream().map(FractureDiagnosis::eventId).toList(), orderedVertebrae,
                        List.copyOf(others)));
            }
            Optional<DxaScan> lowScan = history.scans().stream()
                    .filter(s -> within(s.date(), from, to))
                    .filter(s -> s.measurements().stream().anyMatch(m -> m.zScore() != null
                            && m.zScore() <= config.lowZScore() + Numbers.TOLERANCE))
                    .findFirst();
            if (lowScan.isPresent()) {
                return Optional.of(new IndexEpisode(IndexEpisode.Kind.LOW_BMD_POSTPARTUM, lowScan.get().date(),
                        delivery, List.of(lowScan.get().eventId()), List.of(), List.of()));
            }
        }
        return Optional.empty();
    }

    private static boolean within(LocalDate day, LocalDate from, LocalDate to) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
