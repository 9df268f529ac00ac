//! Builds plugin crates for the tests and the bench, and finds the built libraries.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A target folder of its own for the plugin builds (next to the test binary's target folder),
/// so that a nested cargo never waits for the outer one's lock.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    // <target>/<profile>/deps/<exe>
    let target = exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    target.join("plugin-tests")
}

/// Runs `cargo build` with `args` (plus `--message-format=json`) and returns the cdylib
/// artifacts it reports, by library target name (`lede_plugin_readability`).
pub fn cargo_build(args: &[&str], release: bool) -> HashMap<String, PathBuf> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.arg("build").args(args).arg("--message-format=json").arg("--target-dir").arg(target_dir());
    if release {
        cmd.arg("--release");
    }
    // The outer `cargo test` sets these for its own package; don't let them leak into builds.
    for var in ["CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR", "CARGO_PRIMARY_PACKAGE"] {
        cmd.env_remove(var);
    }
    let output = cmd.output().expect("run cargo");
    assert!(
        output.status.success(),
        "cargo build {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    let mut libs = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if msg["reason"] != "compiler-artifact" {
            continue;
        }
        let is_cdylib = msg["target"]["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "cdylib"));
        if !is_cdylib {
            continue;
        }
        let name = msg["target"]["name"].as_str().unwrap_or_default().replace('-', "_");
        for f in msg["filenames"].as_array().into_iter().flatten() {
            let f = PathBuf::from(f.as_str().unwrap_or_default());
            if f.to_string_lossy().ends_with(std::env::consts::DLL_SUFFIX) {
                libs.insert(name.clone(), f);
            }
        }
    }
    libs
}

/// The example plugins of `plugins/` and the fixture plugins, built once per test binary.
pub fn libs() -> &'static HashMap<String, PathBuf> {
    static LIBS: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| build_all(false))
}

/// Builds everything (in release mode for the bench).
pub fn build_all(release: bool) -> HashMap<String, PathBuf> {
    let root = workspace();
    let manifest = root.join("Cargo.toml");
    let mut libs = cargo_build(
        &[
            "--manifest-path",
            manifest.to_str().unwrap(),
            "-p",
            "lede-plugin-readability",
            "-p",
            "lede-plugin-countries",
        ],
        release,
    );
    for fixture in ["misbehave", "raw", "wrong-abi", "missing-symbol", "abort"] {
        let manifest = fixtures().join(fixture).join("Cargo.toml");
        libs.extend(cargo_build(&["--offline", "--manifest-path", manifest.to_str().unwrap()], release));
    }
    libs
}

/// The path of a built plugin library by library name (`lede_plugin_fixture_raw`).
pub fn lib(name: &str) -> PathBuf {
    libs().get(name).cloned().unwrap_or_else(|| panic!("{name} was not built; built: {:?}", libs().keys()))
}

/// Compiles the C fixture with the system C compiler, if there is one.
pub fn c_plugin() -> Option<PathBuf> {
    static LIB: OnceLock<Option<PathBuf>> = OnceLock::new();
    LIB.get_or_init(|| {
        let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
        let out =
            target_dir().join(format!("{}wordcount{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX));
        std::fs::create_dir_all(target_dir()).ok()?;
        let status = Command::new(cc)
            .args(["-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o"])
            .arg(&out)
            .arg(fixtures().join("c-plugin/wordcount.c"))
            .status()
            .ok()?;
        status.success().then_some(out)
    })
    .clone()
}
