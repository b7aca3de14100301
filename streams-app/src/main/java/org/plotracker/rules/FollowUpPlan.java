package org.plotracker.rules;

import java.util.List;

/** A patient's follow-up plan: every item (open or met) and every KPI measure, in a stable order. */
public record FollowUpPlan(List<FollowUpItem> items, List<KpiMeasure> kpis) {

    public FollowUpPlan {
        items = List.copyOf(items);
        kpis = List.copyOf(kpis);
    }

    public List<FollowUpItem> openItems() {
        return items.stream().filter(FollowUpItem::open).toList();
    }
}
