package org.plotracker.security;

/** What a role may do with a topic: write records to it, or read records from it. */
public enum TopicAccess {
    /** WRITE and DESCRIBE on the topic. */
    PRODUCE,
    /** READ and DESCRIBE on the topic. */
    CONSUME
}
