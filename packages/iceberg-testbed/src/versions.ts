/**
 * What the testbed downloads, pinned. Maven verifies each file against the `.sha1` Maven Central
 * publishes beside it (`--strict-checksums`); the testbed then checks the SHA-256 recorded here, so
 * a changed artifact behind the same coordinates is refused instead of run.
 */
export interface MavenArtifact {
  /** `groupId:artifactId:version:packaging` as `mvn dependency:get -Dartifact=` takes it. */
  readonly coordinates: string;
  readonly sha256: string;
  /** Bytes, for the progress line before a cold download. */
  readonly size: number;
}

/**
 * Trino 476 (Maven Central `io.trino`). Why this release: Athena engine version 3 is built on
 * Trino, and 476 is the newest release Maven Central serves here; it needs Java 24 or newer.
 * Why these two artifacts: `trino-server-core` (the server without connectors, 194 MB) plus the
 * `trino-iceberg` plugin (346 MB; it carries the PostgreSQL JDBC driver the Iceberg JDBC catalog
 * uses) are all the testbed runs, instead of the 821 MB `trino-server` with every connector.
 */
export const TRINO_VERSION = '476';

export const TRINO_SERVER_CORE: MavenArtifact = {
  coordinates: `io.trino:trino-server-core:${TRINO_VERSION}:tar.gz`,
  sha256: '0f388f9967c177ae70a47c099082fc95387f0c3cb96d8000d1d41fc3a5223158',
  size: 194_358_953,
};

export const TRINO_ICEBERG_PLUGIN: MavenArtifact = {
  coordinates: `io.trino:trino-iceberg:${TRINO_VERSION}:zip`,
  sha256: '99edba5b491ed94d599aeb61e0794272d3569d8b563f3bb8569e8a49daa87b6c',
  size: 345_890_737,
};

/** Trino 476 refuses to start on an older runtime (its launcher checks the version). */
export const MIN_JAVA_MAJOR = 24;
