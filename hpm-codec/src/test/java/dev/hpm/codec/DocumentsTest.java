package dev.hpm.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentsTest {
    @Test
    void parseJson_duplicateKeys_areRefused() {
        assertThatThrownBy(() -> Documents.parseJson("{\"a\": 1, \"a\": 2}", "body"))
                .isInstanceOf(Documents.DocumentException.class).hasMessageContaining("body").hasMessageContaining("a");
    }

    @Test
    void parseJson_deepNesting_isRefused() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertThatThrownBy(() -> Documents.parseJson(deep, "body")).isInstanceOf(Documents.DocumentException.class);
    }

    @Test
    void readYaml_javaTypeTags_doNotInstantiateAnything(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("evil.yaml");
        Files.writeString(file, "a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n");
        // Jackson builds plain trees: the tag is either ignored or refused, never constructed
        try {
            assertThat(Documents.readYaml(file).get("a").isArray()).isTrue();
        } catch (Documents.DocumentException refused) {
            assertThat(refused.getMessage()).contains("evil.yaml");
        }
    }

    @Test
    void readYaml_tooLarge_isRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.write(file, new byte[Documents.MAX_BYTES + 1]);
        assertThatThrownBy(() -> Documents.readYaml(file)).hasMessageContaining("larger than 4 MiB");
    }
}
