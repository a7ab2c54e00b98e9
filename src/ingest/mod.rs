//! Raw article ingest (in progress)
