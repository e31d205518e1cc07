package dev.hpm.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Tags}: the one rule for tags, from the API and from a domain's metadata alike. */
class TagsTest {
    @Test
    void check_badTagsAndTooMany_eachNamedWithTheFix() {
        Problems p = new Problems();
        Tags.check(p, "tags", List.of("web", " lead", "a\tb", "x".repeat(65), ""));
        assertThat(p.list()).extracting(Problem::value).containsExactly(" lead", "a\tb", "x".repeat(65), "");
        Problems many = new Problems();
        Tags.check(many, "tags", IntStream.rangeClosed(0, Tags.MAX_TAGS).mapToObj(i -> "t" + i).toList());
        assertThat(many.list()).singleElement().extracting(Problem::fix).isEqualTo("give at most 32");
    }

    @Test
    void valid_ordinaryTags_accepted() {
        assertThat(Tags.valid("web")).isTrue();
        assertThat(Tags.valid("prod eu-west")).isTrue();
        assertThat(Tags.valid("x".repeat(64))).isTrue();
    }
}
