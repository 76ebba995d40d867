/**
 * weft's figures in Micrometer: {@link dev.weft.micrometer.WeftMetrics} and {@link dev.weft.micrometer.MeteredListener}.
 */
module dev.weft.micrometer {
    requires transitive dev.weft;
    requires transitive micrometer.core;
    requires static org.jspecify;

    exports dev.weft.micrometer;
}
