package io.skyshard.spatial.region;

/** ra/dec box in degrees; raMin > raMax means the box wraps through ra = 0/360. */
public record Box(double raMin, double decMin, double raMax, double decMax) implements Region {
    @Override
    public boolean contains(double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }
}
