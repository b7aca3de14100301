package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Numbers#fixed} is {@code String.format("%.Nf")} character for character, and the formats built on it. */
class NumbersTest {

    @Property(tries = 20_000)
    void fixedIsTheFormattersOutput(@ForAll("values") double value, @ForAll("decimals") int decimals) {
        assertThat(Numbers.fixed(value, decimals))
                .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    @Provide
    Arbitrary<Double> values() {
        // scores, BMD and percentages, values on a rounding boundary (x.xx5), signed zeros and tiny negatives
        return Arbitraries.oneOf(Arbitraries.doubles().between(-10, 10),
                Arbitraries.doubles().between(-100, 100).ofScale(3),
                Arbitraries.integers().between(-20_000, 20_000).map(i -> i / 1000.0 + 0.0005),
                Arbitraries.integers().between(-2_000, 2_000).map(i -> i * 0.005),
                Arbitraries.doubles().between(-1e9, 1e9), Arbitraries.doubles().between(-0.01, 0.01),
                Arbitraries.integers().between(0, 9_999).map(i -> 9.995 + i * 1e-4),
                Arbitraries.of(0.0, -0.0, -0.004, -0.0049, 0.005, -0.005, 0.015, 1.005, 2.675, -2.675, 1e-9, -1e-9,
                        123456.789, 9_999_999.995, 1e7, 0.0009995, 99.995, -99.995, 9.9995, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Provide
    Arbitrary<Integer> decimals() {
        return Arbitraries.integers().between(0, 4);
    }

    @Example
    void scoresAndFormatsKeepTheirShape() {
        assertThat(Numbers.score(-2.0)).isEqualTo("-2.0");
        assertThat(Numbers.score(-2.05)).isEqualTo("-2.05");
        assertThat(Numbers.score(-0.001)).isEqualTo("0.0");
        assertThat(Numbers.format(-2.1)).isEqualTo("-2.1");
        assertThat(Numbers.format(6.9)).isEqualTo("6.9");
        assertThat(Numbers.format(12.0)).isEqualTo("12");
        assertThat(Numbers.format(-0.001)).isEqualTo("0");
        assertThat(Numbers.format(0.45)).isEqualTo("0.45");
    }
}
