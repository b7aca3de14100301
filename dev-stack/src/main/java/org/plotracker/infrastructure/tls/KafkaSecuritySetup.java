package org.plotracker.infrastructure.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of the secured embedded stack, done as its administrator with the Admin API: SCRAM-SHA-512 users
 * with this start's passwords, and the ACLs of the access policy. Each step returns only once the broker enforces it
 * (the users are described, the ACLs are listed), so a client started afterwards is judged by them.
 */
public final class KafkaSecuritySetup {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSecuritySetup.class);
    private static final int SCRAM_ITERATIONS = 8192;

    private KafkaSecuritySetup() {
    }

    /** Creates or updates SCRAM-SHA-512 users (name to password) and waits until the broker knows all of them. */
    public static void upsertScramUsers(Admin admin, Map<String, String> users, Duration timeout) {
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        users.forEach((user, password) -> alterations.add(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)));
        long deadline = System.nanoTime() + timeout.toNanos();
        await(admin.alterUserScramCredentials(alterations).all(), timeout, "create SCRAM users " + users.keySet());
        while (true) {
            try {
                Set<String> known = new HashSet<>(admin.describeUserScramCredentials().users()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                if (known.containsAll(users.keySet())) {
                    LOG.info("SCRAM-SHA-512 users ready: {}", users.keySet());
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot list the SCRAM users: " + e.getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating SCRAM users", e);
            }
            pause(deadline, "SCRAM users " + users.keySet() + " to be known");
        }
    }

    /** Creates the ACLs that are missing and waits until the broker lists every one of them. */
    public static void applyAcls(Admin admin, List<AclBinding> acls, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        await(admin.createAcls(acls).all(), timeout, "create " + acls.size() + " ACLs");
        while (true) {
            Set<AclBinding> present = new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), timeout,
                    "list ACLs"));
            if (present.containsAll(acls)) {
                LOG.info("{} ACLs in force", acls.size());
                return;
            }
            pause(deadline, "the ACLs to be in force");
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not " + what + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what, e);
        }
    }

    private static void pause(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Timed out waiting for " + what);
        }
        try {
            Thread.sleep(50); // poll interval of a bounded wait for broker metadata to catch up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        }
    }
}
