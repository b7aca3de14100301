package org.plotracker.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The points of a run grouped by cohort shape (patients × events per patient), with the median and the range of the
 * repetitions, the table the harness prints, and the targets judged on the medians.
 */
final class Summary {

    private final List<Shape> shapes;

    private Summary(List<Shape> shapes) {
        this.shapes = shapes;
    }

    static Summary of(List<Results.Point> points) {
        Map<String, List<Results.Point>> byShape = new LinkedHashMap<>();
        for (Results.Point p : points) {
            byShape.computeIfAbsent(p.patients() + "x" + p.eventsPerPatient(), k -> new ArrayList<>()).add(p);
        }
        List<Shape> shapes = new ArrayList<>();
        byShape.values().forEach(list -> shapes.add(new Shape(list.get(0).patients(),
                list.get(0).eventsPerPatient(), list)));
        return new Summary(shapes);
    }

    List<Shape> shapes() {
        return shapes;
    }

    /** One cohort shape and its repetitions. */
    record Shape(int patients, int eventsPerPatient, List<Results.Point> runs) {
        long events() {
            return runs.get(0).events();
        }

        Spread of(ToDoubleFunction<Results.Point> figure) {
            double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
            int n = values.length;
            double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            return new Spread(median, values[0], values[n - 1], n);
        }
    }

    /** Median, smallest and largest of the repetitions. */
    record Spread(double median, double min, double max, int n) {
        String format(String pattern) {
            String m = String.format(pattern, median);
            return n < 2 ? m : m + " (" + String.format(pattern, min).trim() + "–" + String.format(pattern, max).trim()
                    + ")";
        }
    }

    void print(PrintStream out) {
        out.println();
        out.println("| patients | events/patient | events | raw consumer events/s | pass-through events/s"
                + " | tracker events/s | tracker µs/event | tracker / pass-through | changelog B/event on disk"
                + " (event B) | state on disk | restore s / changelog read s |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Shape s : shapes) {
            out.printf("| %,d | %d | %,d | %s | %s | %s | %s | %s | %s (%.0f) | %s | %s / %s |%n", s.patients(),
                    s.eventsPerPatient(), s.events(),
                    s.of(p -> p.raw().eventsPerSecond()).format("%,.0f"),
                    s.of(p -> p.passThrough().eventsPerSecond()).format("%,.0f"),
                    s.of(p -> p.tracker().eventsPerSecond()).format("%,.0f"),
                    s.of(p -> p.tracker().microsPerEvent()).format("%,.0f"),
                    s.of(p -> p.trackerToPassThrough() * 100).format("%.1f %%"),
                    s.of(Results.Point::changelogBytesOnDiskPerEvent).format("%,.0f"),
                    s.of(Results.Point::eventPayloadBytes).median(),
                    s.of(p -> p.stateBytes() / 1e6).format("%.1f MB"),
                    s.of(p -> p.restore().restoreSeconds()).format("%.2f"),
                    s.of(p -> p.restore().changelogReadSeconds()).format("%.2f"));
        }
        out.println();
    }

    /**
     * The targets on the medians: tracker ≥ 50 % of pass-through (every shape); µs/event at the most events
     * per patient within 25 % of the fewest (shapes of {@code historyEvents} events); µs/event at the most patients
     * within 25 % of the fewest (shapes with the fewest events per patient); changelog bytes on disk per event ≤ 2 ×
     * the event's payload (every shape); p99 publish → alert ≤ settle + 100 ms; restore ≤ 2 × changelog read (the
     * shape with the most events).
     */
    List<Results.Target> targets(long historyEvents, Results.Latency latency) {
        List<Results.Target> targets = new ArrayList<>();
        if (!shapes.isEmpty()) {
            Shape worst = shapes.stream().min(Comparator.comparingDouble(
                    s -> s.of(Results.Point::trackerToPassThrough).median())).orElseThrow();
            double ratio = worst.of(Results.Point::trackerToPassThrough).median();
            targets.add(new Results.Target("tracker vs pass-through", "≥ 50 % of the pass-through app's rate",
                    String.format("lowest %.1f %% (%,d × %d)", ratio * 100, worst.patients(),
                            worst.eventsPerPatient()), ratio >= 0.5));
        }
        List<Shape> history = shapes.stream().filter(s -> s.events() == historyEvents)
                .sorted(Comparator.comparingInt(Shape::eventsPerPatient)).toList();
        if (history.size() >= 2) {
            Shape few = history.get(0);
            Shape many = history.get(history.size() - 1);
            double ratio = micros(many) / micros(few);
            targets.add(new Results.Target("long histories", "µs/event at " + many.eventsPerPatient()
                    + " events/patient within 25 % of " + few.eventsPerPatient(),
                    String.format("%,.0f vs %,.0f µs/event: ×%.2f", micros(many), micros(few), ratio),
                    ratio <= 1.25));
        }
        int fewestPerPatient = shapes.stream().mapToInt(Shape::eventsPerPatient).min().orElse(0);
        List<Shape> byPatients = shapes.stream().filter(s -> s.eventsPerPatient() == fewestPerPatient)
                .sorted(Comparator.comparingInt(Shape::patients)).toList();
        if (byPatients.size() >= 2) {
            Shape small = byPatients.get(0);
            Shape large = byPatients.get(byPatients.size() - 1);
            double ratio = micros(large) / micros(small);
            targets.add(new Results.Target("many patients", String.format("µs/event at %,d patients within 25 %% of"
                            + " %,d", large.patients(), small.patients()),
                    String.format("%,.0f vs %,.0f µs/event: ×%.2f", micros(large), micros(small), ratio),
                    Math.abs(ratio - 1) <= 0.25));
        }
        if (!shapes.isEmpty()) {
            Shape worst = shapes.stream().max(Comparator.comparingDouble(Summary::changelogToEvent)).orElseThrow();
            double ratio = changelogToEvent(worst);
            targets.add(new Results.Target("changelog bytes", "changelog bytes written per event ≤ 2 × the event",
                    String.format("highest %,.0f B on disk per %,.0f B event: ×%.1f (%,d × %d)",
                            worst.of(Results.Point::changelogBytesOnDiskPerEvent).median(),
                            worst.of(Results.Point::eventPayloadBytes).median(), ratio, worst.patients(),
                            worst.eventsPerPatient()), ratio <= 2));
        }
        if (latency != null && latency.fromTrigger().count() > 0) {
            double p99 = latency.fromTrigger().p99Ms();
            targets.add(new Results.Target("alert latency", String.format("p99 publish → alert ≤ settle + 100 ms"
                            + " (%d ms) at %.0f events/s", latency.alertSettleMs() + 100, latency.targetRate()),
                    String.format("p99 %.0f ms, p50 %.0f ms over %d alerts (after the first %.0f s: p99 %.0f ms)",
                            p99, latency.fromTrigger().p50Ms(), latency.alerts(), latency.warmupSeconds(),
                            latency.afterWarmup() == null ? Double.NaN : latency.afterWarmup().p99Ms()),
                    p99 <= latency.alertSettleMs() + 100));
        }
        shapes.stream().max(Comparator.comparingLong(Shape::events)).ifPresent(largest -> {
            double restore = largest.of(p -> p.restore().restoreSeconds()).median();
            double read = largest.of(p -> p.restore().changelogReadSeconds()).median();
            targets.add(new Results.Target("restore", "restore of the largest run ≤ 2 × reading its changelog",
                    String.format("%.2f s vs %.2f s: ×%.1f (%,d × %d)", restore, read, restore / read,
                            largest.patients(), largest.eventsPerPatient()), restore <= 2 * read));
        });
        return targets;
    }

    static void printTargets(List<Results.Target> targets, PrintStream out) {
        out.println("| target | goal | measured | met |");
        out.println("|---|---|---|---|");
        for (Results.Target t : targets) {
            out.printf("| %s | %s | %s | %s |%n", t.name(), t.goal(), t.figure(),
                    t.met() == null ? "n/a" : t.met() ? "yes" : "**no**");
        }
        out.println();
    }

    private static double micros(Shape s) {
        return s.of(p -> p.tracker().microsPerEvent()).median();
    }

    private static double changelogToEvent(Shape s) {
        return s.of(p -> p.changelogBytesOnDiskPerEvent() / p.eventPayloadBytes()).median();
    }
}
