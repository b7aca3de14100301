package org.plotracker.rules;

/** Days of exposure to one agent within an interval, and whether it was still being taken at the interval's end. */
public record AgentExposure(Agent agent, int days, boolean ongoingAtEnd) {
}
