//! The canonical string RBS checksums cover, built from a callback sorted once.
//!
//! [`ParsedCallback`] holds the pairs in the order received and one index of them sorted by name
//! (byte order, stable), checked for duplicate names once (`DUPLICATE_PARAMETER`: a forged extra
//! `status=1` must not be able to hide behind a genuine `status=0`). The canonical string, the
//! `;` rule, the checksum check, the typed callback and its dedupe key all read this one index;
//! [`canonical_string`] and [`check_unique`] on plain pairs go through it too, so the rule is
//! written once.
//!
//! The canonical string: every parameter except `checksum` and `sign_alias`, sorted ascending by
//! name (byte order, the same as Java's `String.compareTo` for the ASCII names RBS uses), each
//! written as `name;value;`, empty values included.

use super::limits::too_many_parameters;
use super::value::display_name;
use crate::error::{Error, ErrorCode, Result};

/// The parameter that carries the checksum.
pub const CHECKSUM: &str = "checksum";
/// The parameter that names the signing key (RSA callbacks); it is not covered by the checksum.
pub const SIGN_ALIAS: &str = "sign_alias";

/// Ordered callback parameters.
pub type Params = Vec<(String, String)>;

/// A callback parsed once: the pairs in the order received and one index of them sorted by name
/// (byte order, stable), built and checked for duplicate names once. The canonical string, the
/// checksum check, the typed callback and its dedupe key all read this one index: a callback is
/// sorted exactly once, however it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCallback {
    pairs: Params,
    sorted: Vec<usize>,
}

impl ParsedCallback {
    /// Checks the count (`TOO_MANY_PARAMETERS` above `max_parameters`), sorts once and rejects
    /// a name that occurs twice (`DUPLICATE_PARAMETER`).
    pub fn new(pairs: Params, max_parameters: usize) -> Result<Self> {
        if pairs.len() > max_parameters {
            return Err(too_many_parameters(max_parameters));
        }
        let parsed = Self::index(pairs);
        for w in parsed.sorted.windows(2) {
            if let [a, b] = w {
                if parsed.name(*a) == parsed.name(*b) {
                    return Err(duplicate(parsed.name(*a)));
                }
            }
        }
        Ok(parsed)
    }

    /// Indexes pairs without any check (for already verified parameters, e.g. built by hand).
    pub fn index(pairs: Params) -> Self {
        let mut sorted: Vec<usize> = (0..pairs.len()).collect();
        sorted.sort_by(|a, b| name_of(&pairs, *a).cmp(name_of(&pairs, *b)));
        Self { pairs, sorted }
    }

    fn name(&self, i: usize) -> &str {
        name_of(&self.pairs, i)
    }

    /// The pairs in the order received.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The pairs in the order received, owned.
    pub fn into_pairs(self) -> Params {
        self.pairs
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs sorted by name.
    pub fn sorted(&self) -> impl Iterator<Item = &(String, String)> + '_ {
        self.sorted.iter().filter_map(|i| self.pairs.get(*i))
    }

    /// The value of `name` (binary search in the sorted index; the first of equal names).
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self.sorted.partition_point(|i| self.name(*i) < name);
        let i = *self.sorted.get(at)?;
        let (n, v) = self.pairs.get(i)?;
        (n == name).then_some(v.as_str())
    }

    /// The string an RBS checksum covers (see the [module docs](self)), from the index.
    pub fn canonical_string(&self) -> String {
        self.canonical_without(None)
    }

    /// The canonical string, also leaving out `skip` (the dedupe key leaves out
    /// `callbackCreationDate`, which changes between retries).
    pub fn canonical_without(&self, skip: Option<&str>) -> String {
        let len: usize = self.pairs.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
        let mut out = String::with_capacity(len);
        self.canonical_pieces(skip, |piece| out.push_str(piece));
        out
    }

    /// The canonical string (leaving out `skip` too) as consecutive pieces, for a consumer that
    /// needs no string of its own (the dedupe key hashes them as they come).
    pub fn canonical_pieces(&self, skip: Option<&str>, mut piece: impl FnMut(&str)) {
        for (name, value) in self.sorted() {
            if name == CHECKSUM || name == SIGN_ALIAS || Some(name.as_str()) == skip {
                continue;
            }
            piece(name);
            piece(";");
            piece(value);
            piece(";");
        }
    }

    /// `AMBIGUOUS_PARAMETERS` when a parameter the checksum covers has `;` in its name or value:
    /// the canonical string `name;value;` could then be re-split into other parameters with the
    /// same checksum. The message names the parameter (escaped), never a value.
    pub fn check_unambiguous(&self) -> Result<()> {
        for (name, value) in &self.pairs {
            if name == CHECKSUM || name == SIGN_ALIAS {
                continue;
            }
            let place = if name.contains(';') {
                "its name"
            } else if value.contains(';') {
                "its value"
            } else {
                continue;
            };
            return Err(Error::new(
                ErrorCode::AmbiguousParameters,
                format!(
                    "the callback parameter {} has `;` in {place}; the checksum's canonical \
                     string `name;value;` cannot tell it from a separator, so the parameters \
                     could have been re-split. If your gateway really sends `;` in values, \
                     create the verifier with allowSemicolons: true",
                    display_name(name)
                ),
            ));
        }
        Ok(())
    }
}

fn name_of(pairs: &[(String, String)], i: usize) -> &str {
    pairs.get(i).map(|(n, _)| n.as_str()).unwrap_or("")
}

fn duplicate(name: &str) -> Error {
    Error::new(
        ErrorCode::DuplicateParameter,
        format!(
            "the parameter {} occurs more than once; a genuine callback names each parameter \
             once, so this one was tampered with",
            display_name(name)
        ),
    )
}

/// The string an RBS checksum covers (see the [module docs](self)), for plain pairs.
pub fn canonical_string(params: &[(String, String)]) -> String {
    ParsedCallback::index(params.to_vec()).canonical_string()
}

/// Rejects a list in which a name occurs twice (`DUPLICATE_PARAMETER`).
pub fn check_unique(params: &[(String, String)]) -> Result<()> {
    ParsedCallback::new(params.to_vec(), usize::MAX).map(|_| ())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rbs::callback::parse_input;

    use crate::rbs::callback::pairs;

    // The example string of the reference's "Algorithm for processing callback notifications".
    #[test]
    fn canonical_string_of_the_reference_example() {
        let p = parse_input("https://mybestmerchantreturnurl.com/path?amount=123456&orderNumber=10747&checksum=DBBE9E54D42072D8CAF32C7F660DEB82086A25C14FD813888E231A99E1220AB3&mdOrder=3ff6962a-7dcc-4283-ab50-a6d7dd3386fe&operation=deposited&status=1").unwrap();
        assert_eq!(
            canonical_string(&p),
            "amount;123456;mdOrder;3ff6962a-7dcc-4283-ab50-a6d7dd3386fe;operation;deposited;orderNumber;10747;status;1;"
        );
    }

    #[test]
    fn empty_values_are_included_and_sign_alias_left_out() {
        let p = pairs(&[
            ("z", ""),
            ("sign_alias", "k1"),
            ("A", "x"),
            ("checksum", "00"),
        ]);
        assert_eq!(canonical_string(&p), "A;x;z;;");
    }

    #[test]
    fn duplicates_are_found_once_sorted() {
        let e = check_unique(&pairs(&[("b", "1"), ("a", "2"), ("b", "3")]))
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::DuplicateParameter);
        assert!(check_unique(&pairs(&[("mdOrder", "1"), ("mdorder", "1")])).is_ok());
    }
}
