/**
 * Examples of embedding OpenTriage: a module of their own that reads {@code org.opentriage.core}, so they compile
 * against its exported API only; an import of {@code org.opentriage.internal} fails the build.
 */
module org.opentriage.examples {
    requires org.opentriage.core;
    requires java.net.http;

    exports org.opentriage.examples;
}
