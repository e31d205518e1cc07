package dev.hpm.server.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where a WebJar on the class path keeps its files: {@code META-INF/resources/webjars/<name>/<version>/},
 * the version read from the WebJar's own Maven properties, so that the path follows the version the
 * build bundles (the pom's {@code <dependencyManagement>}) without being written twice.
 */
final class WebJar {
    private WebJar() {
    }

    /**
     * The folder of the WebJar {@code groupId:artifactId}, ending in "/".
     *
     * @throws IllegalStateException if the WebJar is not on the class path (a broken build)
     */
    static String folder(String groupId, String artifactId) {
        String properties = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        byte[] bytes = UiController.load(properties).orElseThrow(() -> new IllegalStateException(
                groupId + ":" + artifactId + " is missing from the class path (no " + properties + ")"));
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/" + artifactId + "/" + p.getProperty("version") + "/";
    }
}
