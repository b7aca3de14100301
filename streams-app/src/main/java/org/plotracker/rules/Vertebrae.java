package org.plotracker.rules;

import java.util.List;

/** Anatomical order of vertebral levels (C1 … L5, S1); unknown labels sort last. */
public final class Vertebrae {

    private static final List<String> ORDER = List.of("C1", "C2", "C3", "C4", "C5", "C6", "C7", "T1", "T2", "T3",
            "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");

    private Vertebrae() {
    }

    public static int level(String label) {
        int i = ORDER.indexOf(label);
        return i < 0 ? ORDER.size() : i;
    }
}
