package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.LocalDate;

/**
 * A public source a protocol is written from; questions cite it by {@link #id()}.
 *
 * @since 0.1.0
 */
public record Reference(String id, String title, String publisher, URI url, LocalDate accessed) {
    public Reference {
        requireNonNull(id, "id");
        requireNonNull(title, "title");
        requireNonNull(publisher, "publisher");
        requireNonNull(url, "url");
        requireNonNull(accessed, "accessed");
    }
}
