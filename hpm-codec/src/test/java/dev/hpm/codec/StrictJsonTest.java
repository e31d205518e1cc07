package dev.hpm.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.core.model.Problem;
import dev.hpm.core.model.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request bodies: one UTF-8 JSON document, exact types, no coercion. */
class StrictJsonTest {
    private static JsonNode body(String json) {
        return Documents.parseJsonBody(json.getBytes(StandardCharsets.UTF_8), "request body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1} trailing", "{\"a\": 1}{\"a\": 2}", "{\"a\": 1} []", "{\"a\": 1},"})
    void parseJsonBody_trailingData_isRefused(String json) {
        assertThatThrownBy(() -> body(json)).isInstanceOf(Documents.DocumentException.class)
                .hasMessageContaining("request body");
    }

    @Test
    void parseJsonBody_malformedUtf8_isRefusedNotReplaced() {
        byte[] latin1 = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> Documents.parseJsonBody(latin1, "request body"))
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void text_strict_refusesNumbersBooleansAndNull() {
        Problems problems = new Problems();
        Node n = Node.strict(body("{\"a\": 12, \"b\": true, \"c\": null, \"d\": \"ok\", \"e\": Infinity}".replace(", \"e\": Infinity", "")), problems);

        assertThat(n.text("a", null)).isNull();
        assertThat(n.text("b", null)).isNull();
        assertThat(n.text("c", null)).isNull();
        assertThat(n.text("d", null)).isEqualTo("ok");
        assertThat(problems.list()).extracting(Problem::field).containsExactly("a", "b", "c");
        assertThat(problems.list().getFirst().fix()).contains("text in double quotes");
    }

    @Test
    void number_strict_refusesText_andLenient_refusesJavaLiterals() {
        Problems strict = new Problems();
        Node s = Node.strict(body("{\"a\": \"2\", \"b\": 2.5}"), strict);
        assertThat(s.number("a", 0, 0, 10)).isZero();
        assertThat(s.number("b", 0, 0, 10)).isEqualTo(2.5);
        assertThat(strict.list()).extracting(Problem::field).containsExactly("a");

        Problems lenient = new Problems();
        Node l = Node.root(Documents.parseYaml("a: '2d'\nb: '0x1p3'\nc: 'Infinity'\nd: '2.5'\n", "file"), lenient);
        l.number("a", 0, 0, 10);
        l.number("b", 0, 0, 10);
        l.number("c", 0, 0, 10);
        assertThat(l.number("d", 0, 0, 10)).isEqualTo(2.5);
        assertThat(lenient.list()).extracting(Problem::field).containsExactly("a", "b", "c");
    }

    @Test
    void texts_nullOrNumberElement_isAProblemNotAMemberNamedNull() {
        Problems problems = new Problems();
        List<String> members = Node.strict(body("{\"m\": [\"vm-1\", null, 7]}"), problems).texts("m");

        assertThat(members).containsExactly("vm-1");
        assertThat(problems.list()).extracting(Problem::field).containsExactly("m[1]", "m[2]");
    }

    @Test
    void text_unpairedSurrogate_isRefused() {
        Problems problems = new Problems();
        Node n = Node.strict(body("{\"a\": \"x\\ud800y\", \"b\": \"\\ud83d\\ude00\"}"), problems);

        assertThat(n.text("a", null)).isNull();
        assertThat(n.text("b", null)).isEqualTo("\ud83d\ude00");
        assertThat(problems.list()).singleElement().satisfies(p -> assertThat(p.fix()).contains("unpaired"));
    }
}
