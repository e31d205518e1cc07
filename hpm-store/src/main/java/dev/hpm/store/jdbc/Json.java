package dev.hpm.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hpm.codec.Documents;
import dev.hpm.codec.Node;
import dev.hpm.core.model.Problems;
import dev.hpm.store.StoreException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** JSON columns: written with the codec's writers, read back with its validating readers. */
final class Json {
    private Json() {
    }

    static String write(JsonNode node) {
        return node.toString();
    }

    /**
     * Reads a stored document with {@code reader} (one of the codec's readers).
     *
     * @param what for messages, e.g. "the policy of group Gold"
     * @throws StoreException if the stored text is not valid (the database was edited by hand, or damaged)
     */
    static <T> T read(String json, String what, Function<Node, T> reader) {
        Problems problems = new Problems();
        T value;
        try {
            value = reader.apply(Node.root(Documents.parseJson(json, what), problems));
        } catch (Documents.DocumentException e) {
            throw new StoreException("the stored " + what + " is not valid JSON: " + e.getMessage());
        }
        if (!problems.isEmpty() || value == null) {
            throw new StoreException("the stored " + what + " is invalid: " + problems.list()
                    + "; correct it with a policy import");
        }
        return value;
    }

    /** A set of strings as a JSON array, sorted so that equal sets are stored alike. */
    static String strings(Collection<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        new TreeSet<>(values).forEach(array::add);
        return array.toString();
    }

    static Set<String> strings(String json, String what) {
        JsonNode node;
        try {
            node = Documents.parseJson(json, what);
        } catch (Documents.DocumentException e) {
            throw new StoreException("the stored " + what + " is not valid JSON: " + e.getMessage());
        }
        Set<String> values = new LinkedHashSet<>();
        node.forEach(n -> values.add(n.asText()));
        return Set.copyOf(values);
    }
}
