package org.plotracker.rules;

/** Recurrence-risk tier of a later pregnancy. */
public enum RiskTier {
    MODERATE, HIGH
}
