package org.plotracker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.IVersionProvider;

/** {@code plo --version}: the project version (filtered into a resource at build time) and the Kafka client's. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/plo-cli-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {
            "plo " + properties.getProperty("version", "(unknown version)"),
            "Kafka client " + AppInfoParser.getVersion() + ", Java " + System.getProperty("java.version")};
    }
}
