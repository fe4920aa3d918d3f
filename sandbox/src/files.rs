//! Static files for the demo: `--www DIR` at `/`, `--pkg DIR` at `/pkg/`, read through the
//! runtime (the native binary: the file system; `npx kassa-sandbox`: Node's `fs`; in process:
//! none).

use std::path::{Component, Path, PathBuf};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::env::Env;
use crate::runtime::File;

/// The MIME type of a file name.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" | "cjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        "pem" => "application/x-pem-file",
        "tgz" | "gz" => "application/gzip",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Resolves `rel` (a URL path below the mount point) inside `root`, refusing `..` and absolute parts.
pub fn resolve(root: &Path, rel: &str) -> Option<PathBuf> {
    let decoded: String = percent_decode(rel)?;
    let mut path = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes: Vec<u8> =
        form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned().into_bytes())?;
    String::from_utf8(bytes).ok()
}

/// Serves one file (a directory's `index.html`; 404 when missing).
pub fn serve(env: &Env, root: &Path, rel: &str) -> Response {
    let Some(mut path) = resolve(root, rel) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let mut file = env.file(&path);
    if file == File::Dir {
        path.push("index.html");
        file = env.file(&path);
    }
    match file {
        File::Found(bytes) => {
            let mut response = bytes.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(mime_type(&path)),
            );
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        File::Dir | File::Missing => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        assert_eq!(mime_type(Path::new("kassa_bg.wasm")), "application/wasm");
        assert_eq!(
            mime_type(Path::new("a.MJS")),
            "text/javascript; charset=utf-8"
        );
    }

    #[test]
    fn refuses_traversal() {
        assert!(resolve(Path::new("/srv"), "../etc/passwd").is_none());
        assert!(resolve(Path::new("/srv"), "a/%2e%2e/%2e%2e/x").is_none());
        assert_eq!(
            resolve(Path::new("/srv"), "a/b.js"),
            Some(PathBuf::from("/srv/a/b.js"))
        );
    }
}
