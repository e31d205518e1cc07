package dev.hpm.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses JSON and YAML documents defensively: a size limit before parsing, nesting and string
 * limits while parsing, no duplicate keys, and YAML without arbitrary types (Jackson builds plain
 * trees; SnakeYAML's alias expansion is bounded against "billion laughs" documents). JSON is one
 * document with nothing after it; Jackson builds trees, never binds to types, so no scalar is
 * coerced here: {@link Node} checks each value's type.
 */
public final class Documents {
    /** Largest document accepted. */
    public static final int MAX_BYTES = 4 << 20;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64).maxStringLength(1 << 20).maxNumberLength(64).build();

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(yamlFactory()));

    private Documents() {
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(64);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
        factory.setStreamReadConstraints(LIMITS);
        return factory;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(LIMITS);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // one document, nothing after it
        return mapper;
    }

    /** The JSON mapper, for writing. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Reads a YAML (or JSON, which is YAML) file. */
    public static JsonNode readYaml(Path file) {
        return read(file, YAML);
    }

    /** Parses YAML (or JSON) text, e.g. a resource; errors become {@link DocumentException}s. */
    public static JsonNode parseYaml(String text, String source) {
        if (text.length() > MAX_BYTES) {
            throw new DocumentException(source + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new DocumentException(source + ": the document is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new DocumentException(source + ": " + describe(e));
        }
    }

    /** Parses JSON text; errors become {@link DocumentException}s with line and column. */
    public static JsonNode parseJson(String text, String source) {
        if (text.length() > MAX_BYTES) {
            throw new DocumentException(source + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DocumentException(source + ": " + describe(e));
        }
    }

    /**
     * Parses a request body: exactly one JSON document in UTF-8 (no byte-order mark), nothing after
     * it. Malformed UTF-8 is refused, never replaced.
     */
    public static JsonNode parseJsonBody(byte[] body, String source) {
        if (body.length > MAX_BYTES) {
            throw new DocumentException(source + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new DocumentException(source + ": not UTF-8 text; send JSON encoded in UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            throw new DocumentException(source + ": starts with a byte-order mark; send UTF-8 JSON without one");
        }
        return parseJson(text, source);
    }

    private static JsonNode read(Path file, ObjectMapper mapper) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new DocumentException(file + ": no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new DocumentException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            JsonNode tree = mapper.readTree(file.toFile());
            if (tree == null || tree.isMissingNode()) {
                throw new DocumentException(file + ": the file is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new DocumentException(file + ": " + describe(e));
        } catch (IOException e) {
            throw new DocumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException) { // from a tree read: only FAIL_ON_TRAILING_TOKENS
            return where(e) + "there is more after the end of the JSON document; send exactly one document and "
                    + "nothing after it";
        }
        if (e instanceof StreamConstraintsException) {
            return where(e) + "a number, a text or the nesting is larger than HPM reads (numbers of 64 digits, texts of "
                    + "1 MiB, 64 levels of nesting); make it smaller";
        }
        String message = e.getOriginalMessage();
        int nl = message.indexOf('\n');
        if (nl > 0) {
            message = message.substring(0, nl);
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            return where(e) + message;
        }
        return e instanceof JsonParseException ? "not valid JSON/YAML: " + message : message;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " : "";
    }

    /** A document could not be read or parsed. */
    public static final class DocumentException extends RuntimeException {
        public DocumentException(String message) {
            super(message);
        }
    }
}
