package org.plotracker.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A Java program in a child JVM with this JVM's class path, for failure tests that must kill a process outright:
 * {@link #kill()} sends SIGKILL ({@code kill -9}), {@link #terminate(Duration)} sends SIGTERM and waits. Its standard
 * output and error go to a log file that tests can wait on.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String name;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code arguments}.
     *
     * @param log         file receiving the child's stdout and stderr (appended, so restarts share one file)
     * @param environment extra environment variables for the child
     */
    public static ChildJvm start(String name, Class<?> mainClass, List<String> arguments, Path log,
                                 Map<String, String> environment, String... jvmOptions) throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(arguments);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "=== start " + name + ": " + String.join(" ", arguments) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ChildJvm(name, builder.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM gets no chance to flush, commit or close anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, then waits for the JVM to exit; returns its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " (pid " + pid() + ") did not exit within " + timeout
                    + " of SIGTERM; killed. Log: " + log);
        }
        return process.exitValue();
    }

    /** Waits until the log (since this child started) has a line matching {@code regex}, or the child dies. */
    public void awaitLogLine(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logOfThisStart().lines().anyMatch(line -> pattern.matcher(line).find())) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before logging /" + regex + "/; log tail:\n" + tail(40));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not log /" + regex + "/ within " + timeout + "; log tail:\n"
                + tail(40));
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String tail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String logOfThisStart() throws IOException {
        String all = Files.readString(log, StandardCharsets.UTF_8);
        int start = all.lastIndexOf("=== start " + name + ":");
        return start < 0 ? all : all.substring(start);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
