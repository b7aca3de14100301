package org.plotracker.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsColumnsAndRightAlignsNumbers() {
        String rendered = TextTable.withColumns("patient", ">dZ", "class")
                .row("case-1", "+0.2", "STABLE")
                .row("case-10", "-1.25", null)
                .render();

        assertThat(rendered).isEqualTo("""
                patient     dZ  class
                -------  -----  ------
                case-1    +0.2  STABLE
                case-10  -1.25
                """);
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> TextTable.withColumns("a", "b").row("only one"))
                .hasMessageContaining("1 cells").hasMessageContaining("2 columns");
    }
}
