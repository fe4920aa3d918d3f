//! Command-line flags.

use std::path::PathBuf;

/// Everything the command line can set.
#[derive(Debug, Clone)]
pub struct Config {
    /// TCP port on 127.0.0.1 (0 = a free port chosen by the OS).
    pub port: u16,
    /// Directory served at `/` (the demo page).
    pub www: Option<PathBuf>,
    /// Directory served at `/pkg/` (the npm package).
    pub pkg: Option<PathBuf>,
    /// How many times a notification is attempted in total.
    pub callback_attempts: u32,
    /// Pause between two attempts of one notification.
    pub callback_interval_ms: u64,
    /// Callback URL of the test merchants that have none of their own.
    pub merchant_callback_url: Option<String>,
    /// Mobile Cashier webhook attempts ("until 200"; bounded so tests end).
    pub webhook_attempts: u32,
    /// Do not print the per-request log lines.
    pub quiet: bool,
    /// How long "..._IN_PROGRESS" states last before they settle (Mobile Cashier, Koshelek).
    pub settle_ms: u64,
    /// Lifetime of Mobile Cashier access tokens.
    pub access_ttl_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            www: None,
            pkg: None,
            callback_attempts: 3,
            callback_interval_ms: 30_000,
            merchant_callback_url: None,
            webhook_attempts: 10,
            quiet: false,
            settle_ms: 200,
            access_ttl_secs: 900,
        }
    }
}

/// The `--help` text.
pub const USAGE: &str = "kassa-sandbox: a local emulator of the RBS payment gateway, Mobile Cashier and Koshelek Pay

USAGE: kassa-sandbox [--port N] [--www DIR] [--pkg DIR] [--callback-attempts N]
                     [--callback-interval-ms MS] [--merchant-callback-url URL]
                     [--webhook-attempts N] [--settle-ms MS] [--access-ttl-secs S] [--quiet]

  --port N                   port on 127.0.0.1 (default 0: a free port; read it from the first line)
  --www DIR                  serve DIR at / (the demo page)
  --pkg DIR                  serve DIR at /pkg/ (the npm package)
  --callback-attempts N      notification attempts in total (default 3, as the RBS reference says)
  --callback-interval-ms MS  pause between attempts (default 30000)
  --merchant-callback-url U  callback URL for the test merchants (RBS callbacks, Koshelek postbacks)
  --webhook-attempts N       Mobile Cashier webhook attempts (default 10)
  --settle-ms MS              how long *_IN_PROGRESS states last (default 200)
  --access-ttl-secs S        Mobile Cashier access-token lifetime (default 900)
  --quiet                    no per-request log lines on stderr

The first line on stdout is a JSON object with the base URLs, credentials and keys (see docs/sandbox.md).";

/// Parses `args` (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name.as_str() {
            "--port" => {
                config.port = value("a port number")?
                    .parse()
                    .map_err(|_| "--port needs a number 0-65535".to_string())?
            }
            "--www" => config.www = Some(PathBuf::from(value("a directory")?)),
            "--pkg" => config.pkg = Some(PathBuf::from(value("a directory")?)),
            "--callback-attempts" => {
                config.callback_attempts = value("a count")?
                    .parse()
                    .map_err(|_| "--callback-attempts needs a number".to_string())?
            }
            "--callback-interval-ms" => {
                config.callback_interval_ms = value("milliseconds")?
                    .parse()
                    .map_err(|_| "--callback-interval-ms needs a number".to_string())?
            }
            "--webhook-attempts" => {
                config.webhook_attempts = value("a count")?
                    .parse()
                    .map_err(|_| "--webhook-attempts needs a number".to_string())?
            }
            "--merchant-callback-url" => config.merchant_callback_url = Some(value("a URL")?),
            "--settle-ms" => {
                config.settle_ms = value("milliseconds")?
                    .parse()
                    .map_err(|_| "--settle-ms needs a number".to_string())?
            }
            "--access-ttl-secs" => {
                config.access_ttl_secs = value("seconds")?
                    .parse()
                    .map_err(|_| "--access-ttl-secs needs a number".to_string())?
            }
            "--quiet" => config.quiet = true,
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n\n{USAGE}")),
        }
    }
    if config.callback_attempts == 0 {
        config.callback_attempts = 1;
    }
    Ok(config)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_flags() {
        let c = parse(args(&[
            "--port",
            "0",
            "--callback-attempts=2",
            "--www",
            "w",
        ]))
        .unwrap();
        assert_eq!(c.port, 0);
        assert_eq!(c.callback_attempts, 2);
        assert_eq!(c.www.unwrap().to_str(), Some("w"));
        assert!(parse(args(&["--bogus"])).is_err());
        assert!(parse(args(&["--port"])).is_err());
    }
}
