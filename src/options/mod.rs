//! Option objects as the core reads them: a JavaScript value arrives as a [`Plain`] tree (read by
//! the wasm layer's one reader, `src/wasm/read.js`, under a [`Spec`]) and is interpreted here, so
//! every rule — which keys exist, what type each must have, how long it may be — has a native
//! test. Messages name the option (`cashierPaymentForm: termUrl must be a string`) and never echo
//! its value, which may be a secret.

pub mod callback;
pub mod client;
pub mod plain;
pub mod verifiers;

pub use plain::{ListKind, Plain, Spec};

use crate::form::{MAX_FIELDS, MAX_FORM_BYTES};
use crate::http::base_url::MAX_BASE_URL_LEN;
use crate::http::url::MAX_URL_BYTES;
use crate::{Error, ErrorCode, Result};

fn bad(msg: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

/// How long a string option may be, and the error above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Max {
    /// A URL: [`MAX_URL_BYTES`], `PAYLOAD_TOO_LARGE`.
    Url,
    /// Form data (a field name or value, `paReq`, `creq`...): [`MAX_FORM_BYTES`],
    /// `PAYLOAD_TOO_LARGE`.
    Data,
    /// A base URL: [`MAX_BASE_URL_LEN`], `INVALID_URL` (the base-URL rule's own limit).
    BaseUrl,
    /// A domain (the Mobile Cashier form's): [`MAX_BASE_URL_LEN`], `INVALID_DOMAIN`.
    Domain,
    /// A short option (nonce, target, label, environment, key text): this many bytes,
    /// `INVALID_ARGUMENT`.
    Short(usize),
}

impl Max {
    fn bytes(self) -> usize {
        match self {
            Max::Url => MAX_URL_BYTES,
            Max::Data => MAX_FORM_BYTES,
            Max::BaseUrl | Max::Domain => MAX_BASE_URL_LEN,
            Max::Short(n) => n,
        }
    }

    fn error(self, what: &str, key: &str) -> Error {
        let n = self.bytes();
        match self {
            Max::Short(_) => bad(format!("{what}: {key} is longer than {n} bytes")),
            Max::BaseUrl => Error::new(
                ErrorCode::InvalidUrl,
                format!("{what}: {key} is not accepted: it is longer than {n} bytes"),
            ),
            Max::Domain => Error::new(
                ErrorCode::InvalidDomain,
                format!("{what}: {key} is longer than {n} bytes; a hostname has at most 253"),
            ),
            _ => Error::new(
                ErrorCode::PayloadTooLarge,
                format!("{what}: {key} is longer than {n} bytes, the most kassa accepts there"),
            ),
        }
    }
}

/// The reader's bounds for an options object with the option names `names` (the forms' limits:
/// [`MAX_FIELDS`] entries, strings up to [`MAX_FORM_BYTES`]).
pub const fn spec(names: &'static [&'static str]) -> Spec {
    Spec {
        props: Some(names),
        values: false,
        depth: 3,
        entries: MAX_FIELDS,
        strings: MAX_FORM_BYTES,
        total: 3 * MAX_FORM_BYTES,
    }
}

/// An options object read with [`spec`]: its option names and values.
#[derive(Debug)]
pub struct Options<'a> {
    what: &'a str,
    names: &'static [&'static str],
    props: &'a [Plain],
    /// Lone surrogates are refused (forms: a browser would send U+FFFD instead).
    pub strict_text: bool,
}

const NONE: &[Plain] = &[];

impl<'a> Options<'a> {
    /// The options of `what` (`undefined`/`null` is no options), refusing a key not in `names`
    /// (a typo such as `successURL` must not be silently ignored) and lone surrogates.
    pub fn strict(tree: &'a Plain, what: &'a str, names: &'static [&'static str]) -> Result<Self> {
        let mut o = Self::loose(tree, what, names)?;
        if let Plain::Record { keys, .. } = tree {
            let Plain::Object { entries, .. } = keys.as_ref() else {
                return Err(bad(format!(
                    "{what}: the object's keys cannot be read (its keys threw; a revoked Proxy?)"
                )));
            };
            for (key, _) in entries {
                let key = text(key, Max::Short(256), what, "an option name", true)?;
                if !names.contains(&key.as_str()) {
                    return Err(bad(format!(
                        "{what}: unknown option {}; the options are {}",
                        crate::form::Quoted(crate::form::short(&key)),
                        names.join(", ")
                    )));
                }
            }
        }
        o.strict_text = true;
        Ok(o)
    }

    /// The options of `what` (`undefined`/`null` is no options); other keys are ignored.
    pub fn loose(tree: &'a Plain, what: &'a str, names: &'static [&'static str]) -> Result<Self> {
        let props = match tree {
            Plain::Undefined | Plain::Null => NONE,
            Plain::Record { props, .. } => props,
            Plain::TooBig => {
                return Err(Error::new(
                    ErrorCode::PayloadTooLarge,
                    format!("{what}: the options are larger than kassa reads"),
                ))
            }
            _ => return Err(bad(format!("{what} takes an options object"))),
        };
        Ok(Self {
            what,
            names,
            props,
            strict_text: false,
        })
    }

    /// The value of option `key` (`undefined` when absent); `INVALID_ARGUMENT` when reading it
    /// threw.
    pub fn get(&self, key: &str) -> Result<&'a Plain> {
        let i = self.names.iter().position(|n| *n == key);
        match i
            .and_then(|i| self.props.get(i))
            .unwrap_or(&Plain::Undefined)
        {
            Plain::Threw => Err(bad(format!(
                "{}: reading {key} threw an exception",
                self.what
            ))),
            v => Ok(v),
        }
    }

    /// An optional string option (`undefined` and `null` mean absent).
    pub fn opt_string(&self, key: &str, max: Max) -> Result<Option<String>> {
        let v = self.get(key)?;
        if v.is_absent() {
            return Ok(None);
        }
        text(v, max, self.what, key, self.strict_text).map(Some)
    }

    /// A required string option.
    pub fn string(&self, key: &str, max: Max) -> Result<String> {
        self.opt_string(key, max)?
            .ok_or_else(|| bad(format!("{}: {key} is required", self.what)))
    }

    /// An optional boolean option (`None` when absent).
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key)? {
            v if v.is_absent() => Ok(None),
            Plain::Bool(b) => Ok(Some(*b)),
            _ => Err(bad(format!("{}: {key} must be true or false", self.what))),
        }
    }

    /// An optional boolean option, absent being `false`.
    pub fn flag(&self, key: &str) -> Result<bool> {
        Ok(self.opt_bool(key)?.unwrap_or(false))
    }

    /// An optional number option: `None` when absent, NaN when not a number (for the core's
    /// range checks, which name the option).
    pub fn number(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key)? {
            v if v.is_absent() => Ok(None),
            Plain::Number(n) => Ok(Some(*n)),
            _ => Ok(Some(f64::NAN)),
        }
    }

    /// `fields`: an array (or other iterable) of `[name, value]` string pairs, in order, or an
    /// object of strings (`Object.keys` order); absent is none. At most [`MAX_FIELDS`]
    /// (`TOO_MANY_PARAMETERS`), names and values together at most [`MAX_FORM_BYTES`]
    /// (`PAYLOAD_TOO_LARGE`).
    pub fn fields(&self, key: &str) -> Result<Vec<(String, String)>> {
        let what = self.what;
        let shape = || {
            bad(format!(
                "{what}: {key} must be an array (or other iterable) of [name, value] string \
                 pairs, or an object of strings"
            ))
        };
        let too_many = || {
            Error::new(
                ErrorCode::TooManyParameters,
                format!("{what}: {key} has more than {MAX_FIELDS} entries, the most kassa builds"),
            )
        };
        let string = |v: &Plain, name: &str| -> Result<String> {
            if !matches!(v, Plain::Text(_) | Plain::Broken(_) | Plain::Long(_)) {
                return Err(shape());
            }
            text(v, Max::Data, what, name, true)
        };
        let mut out = Vec::new();
        match self.get(key)? {
            v if v.is_absent() => return Ok(out),
            Plain::List { more: true, .. } | Plain::Object { more: true, .. } => {
                return Err(too_many())
            }
            Plain::List { items, .. } => {
                for item in items {
                    match item {
                        Plain::List {
                            kind: ListKind::Array,
                            items,
                            more: false,
                        } if items.len() == 2 => {
                            out.push((string(&items[0], "name")?, string(&items[1], "value")?))
                        }
                        Plain::Threw => {
                            return Err(bad(format!("{what}: reading {key} threw an exception")))
                        }
                        _ => return Err(shape()),
                    }
                }
            }
            Plain::Object { entries, .. } => {
                for (name, value) in entries {
                    if matches!(value, Plain::Threw) {
                        return Err(bad(format!(
                            "{what}: reading a field of {key} threw an exception"
                        )));
                    }
                    out.push((
                        string(name, "a field name")?,
                        string(value, "a field value")?,
                    ));
                }
            }
            Plain::Threw => return Err(bad(format!("{what}: reading {key} threw an exception"))),
            _ => return Err(shape()),
        }
        let bytes = crate::form::fields::size_of(&out);
        if bytes > MAX_FORM_BYTES {
            return Err(Error::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "{what}: the form's field names and values are longer than {MAX_FORM_BYTES} \
                     bytes, the most kassa builds"
                ),
            ));
        }
        Ok(out)
    }
}

/// A string value no longer than `max` (and, when `strict`, without lone surrogates); anything
/// else is `INVALID_ARGUMENT` naming `key`.
pub fn text(v: &Plain, max: Max, what: &str, key: &str, strict: bool) -> Result<String> {
    match v {
        Plain::Long(_) => Err(max.error(what, key)),
        Plain::Text(s) | Plain::Broken(s) if s.len() > max.bytes() => Err(max.error(what, key)),
        Plain::Broken(_) if strict => Err(bad(format!(
            "{what}: {key} contains a lone surrogate (broken UTF-16); a form would send U+FFFD \
             in its place"
        ))),
        Plain::Text(s) | Plain::Broken(s) => Ok(s.clone()),
        _ => Err(bad(format!("{what}: {key} must be a string"))),
    }
}

#[cfg(test)]
mod tests;
