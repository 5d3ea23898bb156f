// Empty: the crate only pins the luajit-src dependency; see Cargo.toml.
