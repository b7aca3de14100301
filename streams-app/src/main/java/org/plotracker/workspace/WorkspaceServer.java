package org.plotracker.workspace;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.control.AlertAcknowledged;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.WorkspaceAlert;
import org.plotracker.contracts.internal.WorkspaceEntry;
import org.plotracker.contracts.internal.WorkspacePatient;
import org.plotracker.security.Role;
import org.plotracker.topology.DeadLetterCounter;
import org.plotracker.workspace.readside.WorkspaceStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The care-team workspace: a thin HTTP adapter over the tracker's read-side stores ({@link WorkspaceStores}), with the
 * pages that use it. It is bound before the streams start ({@link #start}), so that the bound port can be advertised
 * as {@code application.server}; until the streams are attached and RUNNING every data request answers 503 with
 * {@code Retry-After}.
 *
 * <p>Routing: a patient's request is answered by the instance active for her partition
 * ({@link KafkaStreams#queryMetadataForKey}); another instance forwards it there once, marked with
 * {@link WorkspacePaths#FORWARDED_HEADER}, and a receiver that is not the owner either (stale metadata during a
 * rebalance) answers 503 rather than forwarding again. The worklist, the cohort and the Table-1 rows fan out to every
 * instance and are merged; one instance that cannot answer makes the whole answer a 503, never a partial list.
 */
public final class WorkspaceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("org.plotracker.workspace.access");
    private static final Set<Role> CARE = EnumSet.of(Role.CARE_TEAM);
    private static final Set<Role> AGGREGATES = EnumSet.of(Role.ANALYST, Role.CARE_TEAM);
    private static final int MAX_LIMIT = 500;

    private final WorkspaceSettings settings;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WorkspaceMetrics metrics = new WorkspaceMetrics();
    private volatile Javalin app;
    private volatile HostInfo self;
    private volatile KafkaStreams streams;
    private volatile AcknowledgementWriter acknowledgements;

    public WorkspaceServer(WorkspaceSettings settings) {
        this.settings = settings;
    }

    /**
     * Binds the configured address and port (another free port when the default port is taken; a port configured or
     * named by {@code application.server} never moves) and starts serving; data requests answer 503 until
     * {@link #attach}.
     */
    public WorkspaceServer start() {
        try {
            app = create(settings.port()).start();
        } catch (RuntimeException e) {
            if (!settings.portMayMove() || settings.port() == 0 || !(rootCause(e) instanceof BindException)) {
                throw e;
            }
            LOG.warn("Workspace port {} is taken; choosing a free port", settings.port());
            app = create(0).start();
        }
        self = new HostInfo(settings.advertisedHost(), app.port());
        LOG.info("Workspace listening on {}:{} (advertised as {}:{}), {}", settings.host(), app.port(), self.host(),
                self.port(), settings.credentials().isEmpty() ? "loopback without login"
                        : "login required");
        return this;
    }

    /** {@code host:port} to pass as Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return self.host() + ":" + self.port();
    }

    public int port() {
        return app.port();
    }

    /** The URL a person on this machine opens. */
    public String url() {
        String host = settings.host().equals("0.0.0.0") ? self.host() : settings.host();
        return "http://" + host + ":" + app.port() + "/";
    }

    /**
     * Starts answering from the streams' stores; acknowledgements are written with {@code writer}; the metrics
     * endpoint counts the dead letters the exception handlers report to {@code deadLetters}.
     */
    public void attach(KafkaStreams streams, AcknowledgementWriter writer, DeadLetterCounter deadLetters) {
        this.acknowledgements = writer;
        this.streams = streams;
        metrics.bind(streams, deadLetters);
    }

    public void stop() {
        Javalin running = app;
        if (running != null) {
            running.stop();
        }
        metrics.close();
        AcknowledgementWriter writer = acknowledgements;
        if (writer != null) {
            writer.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Javalin create(int port) {
        return Javalin.create(cfg -> {
            cfg.jetty.host = settings.host();
            cfg.jetty.port = port;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = WorkspacePaths.PAGES_RESOURCE;
                files.location = Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars();
            cfg.requestLogger.http(this::logAccess);
            cfg.routes.get(WorkspacePaths.LIVE, this::live);
            cfg.routes.get(WorkspacePaths.READY, this::ready);
            cfg.routes.get(WorkspacePaths.METRICS, this::metrics);
            cfg.routes.get(WorkspacePaths.OPENAPI, ctx -> ctx.contentType("application/yaml")
                    .result(resource("/workspace/openapi.yaml")));
            cfg.routes.get(WorkspacePaths.PATIENT, secured(CARE, this::patient));
            cfg.routes.get(WorkspacePaths.PATIENT_BMD, secured(CARE, this::patientBmd));
            cfg.routes.get(WorkspacePaths.WORKLIST, secured(CARE, this::worklist));
            cfg.routes.post(WorkspacePaths.ACKNOWLEDGE, secured(CARE, this::acknowledge));
            cfg.routes.get(WorkspacePaths.COHORT, secured(AGGREGATES, this::cohort));
            cfg.routes.get(WorkspacePaths.BMD_CHANGES, secured(AGGREGATES, this::bmdChanges));
            cfg.routes.exception(Exception.class, this::answerError);
        });
    }

    // ---- operations ----

    private void live(Context ctx) {
        KafkaStreams current = streams;
        boolean dead = current != null && (current.state() == KafkaStreams.State.ERROR
                || current.state() == KafkaStreams.State.NOT_RUNNING
                || current.state() == KafkaStreams.State.PENDING_ERROR);
        ctx.status(dead ? 503 : 200).json(Map.of("status", dead ? "DOWN" : "UP",
                "streams", current == null ? "STARTING" : current.state().name()));
    }

    private void ready(Context ctx) {
        KafkaStreams current = streams;
        boolean running = current != null && current.state() == KafkaStreams.State.RUNNING;
        if (!running) {
            ctx.header("Retry-After", Long.toString(WorkspaceException.RETRY_AFTER.toSeconds()));
        }
        ctx.status(running ? 200 : 503).json(Map.of("status", running ? "READY" : "NOT_READY",
                "streams", current == null ? "STARTING" : current.state().name()));
    }

    private void metrics(Context ctx) {
        KafkaStreams current = streams;
        if (current != null && current.state() == KafkaStreams.State.RUNNING) {
            try {
                long[] open = {0};
                LocalStores local = new LocalStores(current, self);
                local.<WorkspaceAlert>scan(WorkspaceStores.WORKLIST, local.activePartitions(), (k, v) -> open[0]++);
                metrics.openAlerts(open[0]);
            } catch (RuntimeException e) {
                LOG.debug("Open alerts not counted this scrape: {}", e.toString());
            }
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    // ---- patients ----

    private void patient(Context ctx) {
        String patientId = ctx.pathParam("id");
        Owner owner = owner(ctx, patientId);
        if (owner == null) {
            return; // forwarded
        }
        LocalStores local = owner.local;
        List<WorkspaceEntry> entries = local.patientSlice(WorkspaceStores.PATIENT_EVENTS, patientId, owner.partition);
        WorkspacePatient summary = local.get(WorkspaceStores.PATIENTS, patientId, owner.partition);
        List<WorkspaceAlert> alerts = local.patientSlice(WorkspaceStores.ALERTS, patientId, owner.partition);
        if (entries.isEmpty() && summary == null && alerts.isEmpty()) {
            throw WorkspaceException.notFound("no patient " + patientId);
        }
        List<BmdChange> changes = local.patientSlice(WorkspaceStores.BMD_CHANGES, patientId, owner.partition);
        ctx.json(new Views.PatientView(patientId, Views.Summary.of(summary),
                entries.stream().map(Views.TimelineRow::of).toList(),
                changes.stream().map(Views.ChangeRow::of).filter(Views.ChangeRow::current)
                        .sorted(Comparator.comparing(Views.ChangeRow::site).thenComparing(Views.ChangeRow::laterDate))
                        .toList(),
                alerts.stream().sorted(Comparator.comparing(WorkspaceAlert::getRaisedAt).reversed())
                        .map(Views.AlertCard::of).toList()));
    }

    private void patientBmd(Context ctx) {
        String patientId = ctx.pathParam("id");
        Owner owner = owner(ctx, patientId);
        if (owner == null) {
            return;
        }
        List<WorkspaceEntry> entries = owner.local.patientSlice(WorkspaceStores.PATIENT_EVENTS, patientId,
                owner.partition);
        if (entries.isEmpty()) {
            throw WorkspaceException.notFound("no patient " + patientId);
        }
        List<BmdChange> changes = owner.local.patientSlice(WorkspaceStores.BMD_CHANGES, patientId, owner.partition);
        ctx.json(Views.bmd(patientId, entries, changes));
    }

    /** Acknowledges at the patient's owner: checks the alert is hers and open, then writes the event. */
    private void acknowledge(Context ctx) {
        String alertId = ctx.pathParam("alertId");
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw WorkspaceException.badRequest("the body is not JSON: expected {\"patientId\", \"note\", \"by\"}");
        }
        String patientId = text(body, "patientId");
        if (patientId == null || patientId.isBlank()) {
            throw WorkspaceException.badRequest("field patientId is required (the patient whose alert "
                    + alertId + " this is)");
        }
        Owner owner = owner(ctx, patientId);
        if (owner == null) {
            return;
        }
        WorkspaceAlert alert = owner.local.get(WorkspaceStores.ALERTS,
                WorkspaceStores.patientKey(patientId, alertId), owner.partition);
        if (alert == null) {
            throw WorkspaceException.notFound("patient " + patientId + " has no alert " + alertId);
        }
        if (alert.getAcknowledgedAt() != null) {
            throw WorkspaceException.conflict("alert " + alertId + " was already acknowledged at "
                    + alert.getAcknowledgedAt());
        }
        WorkspaceSettings.Caller caller = ctx.attribute("caller");
        String by = caller != null ? caller.name() : text(body, "by");
        if (by == null || by.isBlank()) {
            throw WorkspaceException.badRequest("field by is required when the workspace runs without login");
        }
        String note = text(body, "note");
        if (note != null && note.length() > 2000) {
            throw WorkspaceException.badRequest("field note is longer than 2000 characters");
        }
        AlertAcknowledged ack = AlertAcknowledged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setPatientId(patientId).setAlertId(alertId).setAcknowledgedBy(by)
                .setRole(Role.CARE_TEAM.name()).setNote(note == null || note.isBlank() ? null : note)
                .setRecordedAt(Instant.now()).setSourceSystem("plo-workspace " + applicationServer()).build();
        acknowledgements.write(ack);
        LOG.info("Acknowledgement {} of alert {} (patient {}) written", ack.getEventId(), alertId, patientId);
        ctx.status(202).json(Map.of("eventId", ack.getEventId(), "alertId", alertId, "patientId", patientId));
    }

    // ---- fan-out views ----

    private void worklist(Context ctx) {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", 50, 1, MAX_LIMIT);
        if (local(ctx)) {
            LocalStores local = localStores();
            Set<Integer> partitions = local.activePartitions();
            List<Views.AlertCard> items = new ArrayList<>();
            int[] total = {0};
            local.<WorkspaceAlert>scan(WorkspaceStores.WORKLIST, partitions, (k, v) -> {
                total[0]++;
                items.add(Views.AlertCard.of(v));
            });
            items.sort(WORKLIST_ORDER);
            ctx.json(new LocalPart<>(List.copyOf(partitions), total[0],
                    items.subList(0, Math.min(items.size(), offset + limit))));
            return;
        }
        List<LocalPart<Views.AlertCard>> parts = fanOut(ctx, WorkspacePaths.WORKLIST
                + "?offset=" + offset + "&limit=" + limit, Views.AlertCard.class);
        List<Views.AlertCard> all = new ArrayList<>();
        int total = 0;
        for (LocalPart<Views.AlertCard> part : parts) {
            all.addAll(part.items());
            total += part.total();
        }
        all.sort(WORKLIST_ORDER);
        ctx.json(new Views.WorklistPage(total, offset, limit,
                all.subList(Math.min(all.size(), offset), Math.min(all.size(), offset + limit))));
    }

    private static final Comparator<Views.AlertCard> WORKLIST_ORDER = Comparator
            .comparingInt((Views.AlertCard a) -> WorkspaceStores.severityRank(a.severity()))
            .thenComparing(a -> Instant.parse(a.raisedAt()))
            .thenComparing(Views.AlertCard::patientId).thenComparing(Views.AlertCard::alertId);

    private static final Comparator<Views.ChangeRow> TABLE_ORDER = Comparator.comparing(Views.ChangeRow::patientId)
            .thenComparing(Views.ChangeRow::site).thenComparing(Views.ChangeRow::laterDate)
            .thenComparing(Views.ChangeRow::changeId);

    private void bmdChanges(Context ctx) {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", 200, 1, MAX_LIMIT * 10);
        if (local(ctx)) {
            LocalStores local = localStores();
            Set<Integer> partitions = local.activePartitions();
            List<Views.ChangeRow> rows = new ArrayList<>();
            local.<BmdChange>scan(WorkspaceStores.BMD_CHANGES, partitions, (k, v) -> {
                Views.ChangeRow row = Views.ChangeRow.of(v);
                if (row.current()) {
                    rows.add(row);
                }
            });
            rows.sort(TABLE_ORDER);
            ctx.json(new LocalPart<>(List.copyOf(partitions), rows.size(),
                    rows.subList(0, Math.min(rows.size(), offset + limit))));
            return;
        }
        List<LocalPart<Views.ChangeRow>> parts = fanOut(ctx, WorkspacePaths.BMD_CHANGES
                + "?offset=" + offset + "&limit=" + limit, Views.ChangeRow.class);
        List<Views.ChangeRow> all = new ArrayList<>();
        int total = 0;
        for (LocalPart<Views.ChangeRow> part : parts) {
            all.addAll(part.items());
            total += part.total();
        }
        all.sort(TABLE_ORDER);
        ctx.json(new Views.ChangeTable(total, offset, limit,
                all.subList(Math.min(all.size(), offset), Math.min(all.size(), offset + limit))));
    }

    private void cohort(Context ctx) {
        if (local(ctx)) {
            LocalStores local = localStores();
            Set<Integer> partitions = local.activePartitions();
            List<CohortContribution> contributions = new ArrayList<>();
            local.<CohortContribution>scan(WorkspaceStores.COHORT_CONTRIBUTIONS, partitions,
                    (k, v) -> contributions.add(v));
            List<Views.CohortSums> sums = new ArrayList<>(Views.CohortSums.of(contributions).values());
            ctx.json(new LocalPart<>(List.copyOf(partitions), sums.size(), sums));
            return;
        }
        List<LocalPart<Views.CohortSums>> parts = fanOut(ctx, WorkspacePaths.COHORT, Views.CohortSums.class);
        Map<String, Views.CohortSums> merged = new java.util.TreeMap<>();
        for (LocalPart<Views.CohortSums> part : parts) {
            for (Views.CohortSums sums : part.items()) {
                merged.merge(sums.site() + "|" + sums.treatmentGroup(), sums, Views.CohortSums::plus);
            }
        }
        ctx.json(new Views.CohortView(merged.values().stream().map(Views.CohortSums::row).toList()));
    }

    /** One instance's answer to a fan-out: the partitions it answered for, its total, its first items. */
    public record LocalPart<T>(List<Integer> partitions, int total, List<T> items) {
    }

    /**
     * Asks every instance for its part ({@code scope=local}) and checks that each answered for exactly the partitions
     * the metadata says it is active for, so that a merged answer covers every partition once.
     */
    private <T> List<LocalPart<T>> fanOut(Context ctx, String pathAndQuery, Class<T> itemType) {
        KafkaStreams current = running();
        List<LocalPart<T>> parts = new ArrayList<>();
        Set<Integer> covered = new TreeSet<>();
        for (StreamsMetadata client : current.metadataForAllStreamsClients()) {
            Set<Integer> expected = new TreeSet<>();
            client.topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.ALERT_ACK.name()))
                    .forEach(tp -> expected.add(tp.partition()));
            if (expected.isEmpty()) {
                continue;
            }
            String separator = pathAndQuery.contains("?") ? "&" : "?";
            String url = pathAndQuery + separator + WorkspacePaths.SCOPE_PARAM + "=" + WorkspacePaths.SCOPE_LOCAL;
            HttpResponse<String> response = send(ctx, client.hostInfo(), "GET", url, null);
            if (response.statusCode() != 200) {
                throw WorkspaceException.unavailable("instance " + client.hostInfo() + " answered "
                        + response.statusCode() + " for its part");
            }
            LocalPart<T> part;
            try {
                part = json.readValue(response.body(), json.getTypeFactory()
                        .constructParametricType(LocalPart.class, itemType));
            } catch (IOException e) {
                throw WorkspaceException.unavailable("instance " + client.hostInfo() + " answered unreadable JSON");
            }
            if (!new TreeSet<>(part.partitions()).equals(expected)) {
                throw WorkspaceException.unavailable("instance " + client.hostInfo() + " answered for partitions "
                        + part.partitions() + " but is assigned " + expected + " (rebalancing)");
            }
            covered.addAll(expected);
            parts.add(part);
        }
        if (covered.isEmpty()) {
            throw WorkspaceException.unavailable("no instance is assigned the workspace stores yet");
        }
        return parts;
    }

    // ---- routing ----

    /** Where a patient's data is read here: the local stores and her partition. */
    private record Owner(LocalStores local, int partition) {
    }

    /** The owner of the patient's partition when it is this instance; otherwise forwards (once) and returns null. */
    private Owner owner(Context ctx, String patientId) {
        KafkaStreams current = running();
        KeyQueryMetadata where = current.queryMetadataForKey(WorkspaceStores.PATIENT_EVENTS, patientId,
                Serdes.String().serializer());
        if (where == null || where == KeyQueryMetadata.NOT_AVAILABLE) {
            throw WorkspaceException.unavailable("the owner of patient " + patientId + " is not known (rebalancing)");
        }
        if (where.activeHost().equals(self)) {
            return new Owner(new LocalStores(current, self), where.partition());
        }
        if (ctx.header(WorkspacePaths.FORWARDED_HEADER) != null) {
            throw WorkspaceException.unavailable("patient " + patientId + " moved while the request was forwarded");
        }
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        HttpResponse<String> response = send(ctx, where.activeHost(), ctx.method().name(), ctx.path() + query,
                ctx.method().name().equals("GET") ? null : ctx.body());
        ctx.status(response.statusCode());
        response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
        response.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
        ctx.result(response.body());
        return null;
    }

    private HttpResponse<String> send(Context ctx, HostInfo host, String method, String pathAndQuery, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header(WorkspacePaths.FORWARDED_HEADER, applicationServer())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw WorkspaceException.unavailable("instance " + host.host() + ":" + host.port()
                    + " could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WorkspaceException.unavailable("interrupted while asking " + host.host() + ":" + host.port());
        }
    }

    private boolean local(Context ctx) {
        return WorkspacePaths.SCOPE_LOCAL.equals(ctx.queryParam(WorkspacePaths.SCOPE_PARAM))
                && ctx.header(WorkspacePaths.FORWARDED_HEADER) != null;
    }

    private LocalStores localStores() {
        return new LocalStores(running(), self);
    }

    private KafkaStreams running() {
        KafkaStreams current = streams;
        if (current == null) {
            throw WorkspaceException.unavailable("the tracker is starting");
        }
        if (current.state() != KafkaStreams.State.RUNNING) {
            throw WorkspaceException.unavailable("the tracker is " + current.state());
        }
        return current;
    }

    // ---- security ----

    /** Authenticates the caller and checks the route's roles before the handler runs. */
    private Handler secured(Set<Role> allowed, Handler handler) {
        return ctx -> {
            WorkspaceSettings.Credentials credentials = settings.credentials();
            if (credentials.isEmpty()) {
                handler.handle(ctx); // loopback without login: the machine's own users act in both roles
                return;
            }
            WorkspaceSettings.Caller caller = authenticate(ctx, credentials);
            if (!allowed.contains(caller.role())) {
                throw WorkspaceException.forbidden("role " + caller.role() + " may not use " + route(ctx)
                        + " (allowed: " + allowed + ")");
            }
            ctx.attribute("caller", caller);
            ctx.attribute("role", caller.role());
            handler.handle(ctx);
        };
    }

    private static WorkspaceSettings.Caller authenticate(Context ctx, WorkspaceSettings.Credentials credentials) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            for (Map.Entry<String, WorkspaceSettings.Caller> token : credentials.tokens().entrySet()) {
                if (MessageDigest.isEqual(presented, token.getKey().getBytes(StandardCharsets.UTF_8))) {
                    return token.getValue();
                }
            }
        } else if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw challenge(ctx, credentials, "the Basic credentials are not base64");
            }
            int colon = decoded.indexOf(':');
            WorkspaceSettings.Credentials.Entry user = colon < 0 ? null
                    : credentials.users().get(decoded.substring(0, colon));
            if (user != null && MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                    user.password().getBytes(StandardCharsets.UTF_8))) {
                return user.caller();
            }
        } else {
            throw challenge(ctx, credentials, "credentials are required (Authorization: Bearer or Basic)");
        }
        throw challenge(ctx, credentials, "the credentials are not valid");
    }

    private static WorkspaceException challenge(Context ctx, WorkspaceSettings.Credentials credentials,
                                                String why) {
        ctx.header("WWW-Authenticate", credentials.users().isEmpty() ? "Bearer realm=\"plo-tracker\""
                : "Basic realm=\"plo-tracker\", charset=\"UTF-8\"");
        return WorkspaceException.unauthenticated(why);
    }

    // ---- errors and logs ----

    /** The one exception mapper: a status per failure class, a JSON body naming the problem. */
    private void answerError(Exception e, Context ctx) {
        int status;
        String message;
        if (e instanceof WorkspaceException w) {
            status = w.status();
            message = w.getMessage();
        } else if (e instanceof InvalidStateStoreException) {
            status = 503;
            message = "the stores are not queryable now (" + e.getClass().getSimpleName() + ")";
        } else {
            status = 500;
            String id = UUID.randomUUID().toString().substring(0, 8);
            message = "internal error " + id;
            LOG.error("Request {} {} failed (error {})", ctx.method(), route(ctx), id, e);
        }
        if (status == 503) {
            ctx.header("Retry-After", Long.toString(WorkspaceException.RETRY_AFTER.toSeconds()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        ctx.status(status).json(body);
    }

    /**
     * One line per request: method, route template, status, time, role, and the patient's pseudonymous id when the
     * route has one; never query strings, bodies or names.
     */
    private void logAccess(Context ctx, Float millis) {
        String route = route(ctx);
        String patient = ctx.pathParamMap().getOrDefault("id", "-");
        Object role = ctx.attribute("role");
        ACCESS.info("{} {} {} {}ms role={} patient={}{}", ctx.method(), route, ctx.statusCode(),
                Math.round(millis), role == null ? "-" : role, patient,
                ctx.header(WorkspacePaths.FORWARDED_HEADER) != null ? " forwarded" : "");
    }

    /** The matched route template (never the concrete path, which may carry ids in query strings). */
    private static String route(Context ctx) {
        try {
            return ctx.endpoint() == null ? "(static)" : ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "(static)";
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw WorkspaceException.badRequest("query parameter " + name + " must be " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw WorkspaceException.badRequest("query parameter " + name + " must be a whole number");
        }
    }

    private static byte[] resource(String name) {
        try (var in = WorkspaceServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw WorkspaceException.notFound(name + " is not packaged");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
