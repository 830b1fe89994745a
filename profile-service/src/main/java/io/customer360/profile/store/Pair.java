package io.customer360.profile.store;

/** A tenant and one of its ids: the key of nearly everything in the store. */
record Pair(String tenant, String id) implements Comparable<Pair> {

    @Override
    public int compareTo(Pair other) {
        int byTenant = tenant.compareTo(other.tenant);
        return byTenant != 0 ? byTenant : id.compareTo(other.id);
    }
}
