//! The HTTP side: one request in, the dashboard's reply out, compressed
//! for browsers that take gzip, on a small runtime of two threads.

use std::sync::Arc;

use super::{Dashboard, Request};

async fn handle(
    axum::extract::State(dashboard): axum::extract::State<Arc<Dashboard>>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let header = |name: axum::http::HeaderName| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    use axum::http::header;
    let reply = dashboard.respond(&Request {
        method: request.method().as_str(),
        path: request.uri().path(),
        query: request.uri().query(),
        host: header(header::HOST).or_else(|| request.uri().authority().map(|a| a.as_str())),
        authorization: header(header::AUTHORIZATION),
        cookie: header(header::COOKIE),
    });
    let mut response = axum::response::Response::builder()
        .status(reply.status)
        .header(header::CONTENT_TYPE, reply.content_type)
        .header(header::CONTENT_SECURITY_POLICY, reply.policy)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(location) = &reply.location {
        response = response.header(header::LOCATION, location);
    }
    if let Some(cookie) = &reply.set_cookie {
        response = response.header(header::SET_COOKIE, cookie);
    }
    if let Some(seconds) = reply.retry_after {
        // `Refresh` is what browsers act on; `Retry-After` tells the rest.
        response = response
            .header(header::RETRY_AFTER, seconds)
            .header(header::REFRESH, seconds);
    }
    let gzip = header(header::ACCEPT_ENCODING).is_some_and(accepts_gzip);
    response = response.header(header::VARY, "Accept-Encoding");
    let body = if request.method() == axum::http::Method::HEAD {
        Vec::new()
    } else if gzip && reply.body.len() >= COMPRESS_FROM {
        response = response.header(header::CONTENT_ENCODING, "gzip");
        compress(reply.body.as_bytes())
    } else {
        reply.body.into_bytes()
    };
    response
        .body(axum::body::Body::from(body))
        .unwrap_or_else(|_| {
            let mut fallback = axum::response::Response::new(axum::body::Body::empty());
            *fallback.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        })
}

/// Pages smaller than this go as they are: compressing them saves nothing.
const COMPRESS_FROM: usize = 1024;

/// Whether an `Accept-Encoding` header takes gzip (and does not refuse it with `q=0`).
fn accepts_gzip(header: &str) -> bool {
    header.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// Pages are text that repeats itself (a person page is mostly markup):
/// gzip takes them to about a tenth. The fastest level: a page is rendered
/// per request, and level 1 already takes most of the gain.
fn compress(body: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 6),
        flate2::Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// How long a client may take to send a request's headers, and a kept-alive
/// connection may wait idle for its next request: a connection that
/// sends nothing is closed then, not held (a slow-loris client would hold
/// the dashboard's connections open).
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves the dashboard on `listener` until the process ends. The
/// dashboard may still be preparing: whoever built it makes it ready.
pub fn serve(listener: std::net::TcpListener, dashboard: Arc<Dashboard>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()?;
    listener.set_nonblocking(true)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let router = axum::Router::new().fallback(handle).with_state(dashboard);
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of descriptors or a reset before accept: try again
                // shortly.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let service = hyper_util::service::TowerToHyperService::new(router.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_sent_to_those_who_take_it() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, gzip;q=0.8"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("identity"));
        let page = "<tr><td>same</td></tr>".repeat(500);
        let packed = compress(page.as_bytes());
        assert!(packed.len() * 10 < page.len(), "{}", packed.len());
        let mut unpacked = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&packed[..]),
            &mut unpacked,
        )
        .expect("gzip");
        assert_eq!(unpacked, page);
    }
}
