//! The client's Mandatory parameters (src/rbs/api.rs) against the emulator's
//! (sandbox/src/rbs/routes.rs, read as text: the emulator is a binary crate): both come from the
//! reference's request tables, so they must agree, except where the emulator accepts the
//! reference's own samples that leave a Mandatory parameter out (kassa sends what the table asks).
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use kassa::rbs::api::ENDPOINTS;

/// (path, parameter): Mandatory in the table and required by kassa, optional in the emulator
/// because the reference's sample leaves it out (routes.rs says so next to each).
const SAMPLE_EXCEPTIONS: &[(&str, &str)] = &[
    ("installmentPayment.do", "preAuth"),
    ("verifyCard.do", "amount"),
];

/// The emulator's (path, Mandatory parameters) rows.
fn emulator() -> Vec<(String, Vec<String>)> {
    let src = include_str!("../sandbox/src/rbs/routes.rs");
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("spec(") {
        rest = &rest[i + 5..];
        // A row: `spec(` then the quoted path (the const fn's own `spec(\n    name:` is not).
        if !rest.trim_start().starts_with('"') {
            continue;
        }
        let name = rest.split('"').nth(1).unwrap().to_string();
        let list = &rest[rest.find("&[").unwrap() + 2..];
        let list = &list[..list.find(']').unwrap()];
        let names = list
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        out.push((name, names));
    }
    out
}

#[test]
fn the_client_and_the_emulator_require_the_same_mandatory_parameters() {
    let em = emulator();
    // The emulator's rows: every client endpoint plus its alias of processRawPositionRefund.do.
    assert_eq!(em.len(), ENDPOINTS.len() + 1, "{em:?}");
    for e in ENDPOINTS {
        let path = e.path.trim_start_matches("../");
        let (_, theirs) = em
            .iter()
            .find(|(n, _)| n == path)
            .unwrap_or_else(|| panic!("{path}: no emulator row"));
        let mut ours: Vec<&str> = e
            .mandatory
            .iter()
            .copied()
            .filter(|p| !SAMPLE_EXCEPTIONS.contains(&(path, *p)))
            .collect();
        let mut theirs: Vec<&str> = theirs.iter().map(String::as_str).collect();
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs, "{path}");
    }
    for (path, p) in SAMPLE_EXCEPTIONS {
        let e = ENDPOINTS
            .iter()
            .find(|e| e.path.trim_start_matches("../") == *path)
            .unwrap();
        assert!(e.mandatory.contains(p), "{path} {p}");
    }
}
