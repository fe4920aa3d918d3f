//! The one lookup of a client method's row in a gateway's endpoint table, by its JavaScript name.

use crate::{Error, ErrorCode, Result};

/// The row of `table` whose name (`name`) is `method`; `INVALID_ARGUMENT` naming the gateway and
/// the method otherwise.
pub fn find<T>(
    table: &'static [T],
    name: fn(&T) -> &str,
    method: &str,
    gateway: &str,
) -> Result<&'static T> {
    table.iter().find(|e| name(e) == method).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("unknown {gateway} method '{method}'"),
        )
    })
}
