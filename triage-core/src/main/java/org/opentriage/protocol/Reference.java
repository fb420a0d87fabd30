package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.LocalDate;

/**
 * A public source a protocol is written from; questions cite it by {@link #id()}.
 *
 * @param id the reference's id, which questions cite
 * @param title the document's title
 * @param publisher who published it
 * @param url where it is
 * @param accessed when it was read
 * @since 0.1.0
 */
public record Reference(String id, String title, String publisher, URI url, LocalDate accessed) {
    /** Checks the components. */
    public Reference {
        requireNonNull(id, "id");
        requireNonNull(title, "title");
        requireNonNull(publisher, "publisher");
        requireNonNull(url, "url");
        requireNonNull(accessed, "accessed");
    }
}
