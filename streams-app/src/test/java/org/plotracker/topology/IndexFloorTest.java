package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where range reads of the decision and due indexes start. */
class IndexFloorTest {

    @Test
    void startsAtTheFirstKeyRisesAsEntriesAreTakenAndALateEntryLowersIt() {
        IndexFloor floor = new IndexFloor("0");
        assertThat(floor.key()).isEqualTo("0");
        assertThat(floor.emptyBelow("0")).isTrue();
        assertThat(floor.emptyBelow("5")).isFalse();

        floor.added("7");
        assertThat(floor.key()).as("an entry above the floor leaves it").isEqualTo("0");
        floor.raiseTo("5");
        assertThat(floor.key()).isEqualTo("5");
        assertThat(floor.emptyBelow("5")).as("nothing below the floor").isTrue();
        assertThat(floor.emptyBelow("4")).isTrue();

        floor.added("3"); // a late event's decision, due before those already taken
        assertThat(floor.key()).isEqualTo("3");
        assertThat(floor.emptyBelow("5")).as("the late entry is found").isFalse();

        floor.raiseTo("2");
        assertThat(floor.key()).as("never lowered by a raise").isEqualTo("3");
    }
}
