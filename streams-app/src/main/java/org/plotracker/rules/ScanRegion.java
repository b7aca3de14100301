package org.plotracker.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The region a measurement covers, so that only like is compared with like. At the lumbar spine the region is the set
 * of levels in the result: the levels of the reported label ({@code L1-L4}, {@code L2–L4}, {@code L1,L2,L3}; a missing
 * label is the standard L1–L4) without the scan's excluded vertebrae. At other sites it is the reported label; a missing
 * label there is the site's standard region. A spine label that names no levels is compared as text, with the excluded
 * levels.
 */
final class ScanRegion {

    private static final List<String> LUMBAR = List.of("L1", "L2", "L3", "L4");
    private static final Pattern RANGE = Pattern.compile("^L([1-5])\\s*[-\u2013\u2014]\\s*L?([1-5])$");
    private static final Pattern LIST = Pattern.compile("^L[1-5](\\s*[,/]\\s*L[1-5])*$");

    private ScanRegion() {
    }

    /**
     * Empty when the two measurements cover the same region; otherwise what differs, in words (e.g. "L1-L4 then L1-L3
     * (L4 excluded); L4 only in the earlier result").
     */
    static Optional<String> difference(Site site, Measurement earlier, List<String> earlierExcluded,
                                       Measurement later, List<String> laterExcluded) {
        if (site != Site.LUMBAR_SPINE) {
            String a = normalized(earlier.region());
            String b = normalized(later.region());
            return a == null || b == null || a.equals(b) ? Optional.empty()
                    : Optional.of(earlier.region() + " then " + later.region());
        }
        if (earlierExcluded.stream().anyMatch(l -> !LUMBAR.contains(l))
                || laterExcluded.stream().anyMatch(l -> !LUMBAR.contains(l))) {
            return Optional.of(describe(earlier, earlierExcluded) + " then " + describe(later, laterExcluded)
                    + "; an excluded level is not known to this version, so the levels cannot be shown to match");
        }
        Optional<TreeSet<String>> a = levels(earlier.region(), earlierExcluded);
        Optional<TreeSet<String>> b = levels(later.region(), laterExcluded);
        if (a.isPresent() && b.isPresent()) {
            if (a.get().equals(b.get())) {
                return Optional.empty();
            }
            List<String> onlyEarlier = new ArrayList<>(a.get());
            onlyEarlier.removeAll(b.get());
            List<String> onlyLater = new ArrayList<>(b.get());
            onlyLater.removeAll(a.get());
            List<String> parts = new ArrayList<>();
            if (!onlyEarlier.isEmpty()) {
                parts.add(String.join(", ", onlyEarlier) + " only in the earlier result");
            }
            if (!onlyLater.isEmpty()) {
                parts.add(String.join(", ", onlyLater) + " only in the later result");
            }
            return Optional.of(describe(earlier, earlierExcluded) + " then " + describe(later, laterExcluded) + "; "
                    + String.join("; ", parts));
        }
        String labelA = normalized(earlier.region());
        String labelB = normalized(later.region());
        boolean same = java.util.Objects.equals(labelA, labelB)
                && new TreeSet<>(earlierExcluded).equals(new TreeSet<>(laterExcluded));
        return same ? Optional.empty() : Optional.of(describe(earlier, earlierExcluded) + " then "
                + describe(later, laterExcluded));
    }

    /** The lumbar levels in a spine result, when the label names them (or is missing). */
    private static Optional<TreeSet<String>> levels(String label, List<String> excluded) {
        TreeSet<String> levels = new TreeSet<>();
        String l = normalized(label);
        if (l == null) {
            levels.addAll(LUMBAR);
        } else {
            Matcher range = RANGE.matcher(l);
            if (range.matches()) {
                int from = Integer.parseInt(range.group(1));
                int to = Integer.parseInt(range.group(2));
                for (int i = Math.min(from, to); i <= Math.max(from, to); i++) {
                    levels.add("L" + i);
                }
            } else if (LIST.matcher(l).matches()) {
                for (String part : l.split("[,/]")) {
                    levels.add(part.trim());
                }
            } else {
                return Optional.empty();
            }
        }
        levels.removeAll(excluded);
        return Optional.of(levels);
    }

    private static String describe(Measurement m, List<String> excluded) {
        String label = m.region() == null ? "region not labelled" : m.region();
        return excluded.isEmpty() ? label : label + " (" + String.join(", ", excluded) + " excluded)";
    }

    private static String normalized(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        return label.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
