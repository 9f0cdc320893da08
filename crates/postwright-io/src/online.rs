//! The optional online check: asks each external address for its status, and reports
//! broken, redirected and unreachable links. Off unless the author asks for it (the
//! `--online` flag, the window's button); the only part of the audit that uses the network.
//!
//! Requests are blocking (`ureq`), `HEAD` first with a `GET` when the server refuses
//! `HEAD`, with a timeout per request and a small number at a time. Redirects are followed
//! one hop at a time by hand, so that each one is reported with where it leads, never
//! quietly counted as fine. Private and loopback addresses are not asked unless
//! [`OnlineOptions::allow_private`] is set (the tests' server runs on 127.0.0.1).

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use url::Url;

use postwright_core::audit::{self as address, Address};
use postwright_core::audit::{Finding, Report, Rule, Severity};

/// How the online check behaves.
#[derive(Clone, Debug)]
pub struct OnlineOptions {
    /// The longest wait for one request, connection included.
    pub timeout: Duration,
    /// How many requests run at once.
    pub concurrency: usize,
    /// How many redirects are followed before giving up.
    pub max_redirects: usize,
    /// Ask loopback and private network addresses too (off: a post's link to a router's
    /// admin page is not visited).
    pub allow_private: bool,
    /// The `User-Agent` header sent.
    pub user_agent: String,
}

impl Default for OnlineOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            concurrency: 4,
            max_redirects: 5,
            allow_private: false,
            user_agent: format!("Postwright/{} (link check)", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// One redirect: the status and where it pointed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The redirect status (301, 302, 303, 307, 308).
    pub status: u16,
    /// The absolute address it pointed to.
    pub location: String,
}

/// What the server said in the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// A status code (200, 404, 503...).
    Code(u16),
    /// No site answers to the host name.
    HostNotFound,
    /// No answer within the timeout.
    TimedOut,
    /// The connection failed (refused, reset, a TLS problem), and how.
    Failed(String),
    /// Not asked, and why (a private address, the check was cancelled).
    Skipped(String),
}

/// The result for one address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlCheck {
    /// The address asked for (without its `#fragment`).
    pub url: String,
    /// The redirects followed, in order.
    pub redirects: Vec<Hop>,
    /// The final answer.
    pub status: Status,
}

/// Progress of a running check, reported after each address.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    /// Addresses done so far.
    pub done: usize,
    /// Addresses in all.
    pub total: usize,
    /// The one just finished.
    pub latest: &'a UrlCheck,
}

/// The distinct external web addresses of a report, without fragments, in order of first
/// appearance: what [`check_urls`] should be given.
pub fn urls_to_check(report: &Report) -> Vec<String> {
    let mut seen = HashSet::new();
    report
        .links
        .iter()
        .filter_map(|link| check_key(&link.url))
        .filter(|url| seen.insert(url.clone()))
        .collect()
}

/// The address the check asks for a link's URL: web addresses only, without fragment.
fn check_key(url: &str) -> Option<String> {
    let address = Address::parse(url);
    if !address.is_web() {
        return None;
    }
    let mut url = address.url()?.clone();
    url.set_fragment(None);
    Some(url.to_string())
}

/// Asks each address for its status, `options.concurrency` at a time, calling `progress`
/// on this thread after each one. Set `cancel` from another thread to stop early: the
/// addresses not yet asked come back as skipped. Results are in the order of `urls`.
pub fn check_urls(
    urls: &[String],
    options: &OnlineOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Vec<UrlCheck> {
    let total = urls.len();
    let mut results: Vec<Option<UrlCheck>> = vec![None; total];
    if total == 0 {
        return Vec::new();
    }
    let client = Client::new(options);
    let next = AtomicUsize::new(0);
    let workers = options.concurrency.clamp(1, 16).min(total);
    let (sender, receiver) = mpsc::channel::<(usize, UrlCheck)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let client = &client;
            let next = &next;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(index) else {
                        break;
                    };
                    let check = if cancel.load(Ordering::Relaxed) {
                        UrlCheck {
                            url: url.clone(),
                            redirects: Vec::new(),
                            status: Status::Skipped("the check was cancelled".to_owned()),
                        }
                    } else {
                        client.check(url)
                    };
                    if sender.send((index, check)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (done, (index, check)) in receiver.iter().enumerate() {
            progress(Progress {
                done: done + 1,
                total,
                latest: &check,
            });
            results[index] = Some(check);
        }
    });
    results
        .into_iter()
        .zip(urls)
        .map(|(result, url)| {
            result.unwrap_or_else(|| UrlCheck {
                url: url.clone(),
                redirects: Vec::new(),
                status: Status::Skipped("the check stopped early".to_owned()),
            })
        })
        .collect()
}

struct Client {
    /// Through the proxy the environment names, if any.
    agent: ureq::Agent,
    /// Straight to the host, for loopback and private addresses.
    direct: ureq::Agent,
    options: OnlineOptions,
}

impl Client {
    fn new(options: &OnlineOptions) -> Self {
        let config = |proxy_from_environment: bool| {
            let builder = ureq::Agent::config_builder()
                .timeout_global(Some(options.timeout))
                .max_redirects(0)
                .http_status_as_error(false)
                .user_agent(options.user_agent.as_str());
            let builder = if proxy_from_environment {
                builder
            } else {
                builder.proxy(None)
            };
            ureq::Agent::new_with_config(builder.build())
        };
        Self {
            agent: config(true),
            direct: config(false),
            options: options.clone(),
        }
    }

    fn check(&self, url: &str) -> UrlCheck {
        let mut redirects = Vec::new();
        let mut current = url.to_owned();
        let mut visited = HashSet::from([current.clone()]);
        loop {
            let address = Address::parse(&current);
            let private = address::is_private(&address);
            if private && !self.options.allow_private {
                return UrlCheck {
                    url: url.to_owned(),
                    redirects,
                    status: Status::Skipped(
                        "a private or local address, which is not checked".to_owned(),
                    ),
                };
            }
            let agent = if private { &self.direct } else { &self.agent };
            let (status, location) = request(agent, &current);
            let Some(location) = location else {
                return UrlCheck {
                    url: url.to_owned(),
                    redirects,
                    status,
                };
            };
            let Status::Code(code) = status else {
                return UrlCheck {
                    url: url.to_owned(),
                    redirects,
                    status,
                };
            };
            let next = Url::parse(&current)
                .and_then(|base| base.join(&location))
                .map(|url| url.to_string())
                .unwrap_or(location);
            redirects.push(Hop {
                status: code,
                location: next.clone(),
            });
            let failure = if !visited.insert(next.clone()) {
                Some("the redirects go round in a loop")
            } else if redirects.len() > self.options.max_redirects {
                Some("too many redirects")
            } else if !Address::parse(&next).is_web() {
                Some("a redirect to an address that is not a web page")
            } else {
                None
            };
            if let Some(failure) = failure {
                return UrlCheck {
                    url: url.to_owned(),
                    redirects,
                    status: Status::Failed(failure.to_owned()),
                };
            }
            current = next;
        }
    }
}

/// One request: `HEAD`, then `GET` if the server refuses `HEAD` or errs. Returns the
/// status and, for a redirect, the `Location` header.
fn request(agent: &ureq::Agent, url: &str) -> (Status, Option<String>) {
    let answer = |response: ureq::http::Response<ureq::Body>| {
        let code = response.status().as_u16();
        let location = (300..400)
            .contains(&code)
            .then(|| response.headers().get("location"))
            .flatten()
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        (Status::Code(code), location)
    };
    match agent.head(url).call() {
        Ok(response) if response.status().as_u16() < 400 => answer(response),
        Ok(_) => match agent.get(url).call() {
            Ok(response) => answer(response),
            Err(error) => (status_of(&error), None),
        },
        Err(error) => (status_of(&error), None),
    }
}

fn status_of(error: &ureq::Error) -> Status {
    match error {
        ureq::Error::HostNotFound => Status::HostNotFound,
        ureq::Error::Timeout(_) => Status::TimedOut,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Status::TimedOut,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            Status::Failed("the connection was refused".to_owned())
        }
        other => Status::Failed(other.to_string()),
    }
}

/// Findings for the links of `report` from the results of [`check_urls`]: broken links,
/// redirects, and addresses that did not answer. Each finding points at the link (every
/// link to a checked address gets one).
pub fn findings(report: &Report, checks: &[UrlCheck]) -> Vec<Finding> {
    let by_url: BTreeMap<&str, &UrlCheck> = checks
        .iter()
        .map(|check| (check.url.as_str(), check))
        .collect();
    let mut findings = Vec::new();
    for (index, link) in report.links.iter().enumerate() {
        let Some(check) = check_key(&link.url).and_then(|key| by_url.get(key.as_str()).copied())
        else {
            continue;
        };
        for (rule, severity, message) in judge(check) {
            findings.push(Finding {
                rule,
                severity,
                message,
                url: link.url.clone(),
                text: link.text.clone(),
                location: link.location.clone(),
                link: Some(index),
                fixes: Vec::new(),
            });
        }
    }
    findings
}

/// What a check means for the author.
fn judge(check: &UrlCheck) -> Vec<(Rule, Severity, String)> {
    let mut verdicts = Vec::new();
    if let Some(last) = check.redirects.last() {
        let from = Address::parse(&check.url).domain();
        let to = Address::parse(&last.location).domain();
        let (severity, where_to) = if from == to {
            (Severity::Info, "")
        } else {
            (Severity::Warning, " on another site")
        };
        let first = check
            .redirects
            .first()
            .map_or(last.status, |hop| hop.status);
        verdicts.push((
            Rule::RedirectedLink,
            severity,
            format!(
                "Redirected ({first}) to {}{where_to}. Link to the final address, and check it \
                 is still what you meant: expired domains often redirect to spam.",
                last.location
            ),
        ));
    }
    match &check.status {
        Status::Code(code @ (404 | 410)) => verdicts.push((
            Rule::BrokenLink,
            Severity::Error,
            format!(
                "The page is gone ({code}). Link to a copy in a web archive, or remove the link."
            ),
        )),
        Status::Code(code @ 400..=499) => verdicts.push((
            Rule::BrokenLink,
            Severity::Warning,
            format!(
                "The site refused the check ({code}); some sites turn away automated requests. \
                 Open the link in a browser to be sure."
            ),
        )),
        Status::Code(code @ 500..) => verdicts.push((
            Rule::BrokenLink,
            Severity::Warning,
            format!("The site answered with a server error ({code}). Try again later."),
        )),
        Status::Code(_) => {}
        Status::HostNotFound => verdicts.push((
            Rule::BrokenLink,
            Severity::Error,
            "No site answers to this name any more. Link to a copy in a web archive, or \
             remove the link."
                .to_owned(),
        )),
        Status::TimedOut => verdicts.push((
            Rule::UnreachableLink,
            Severity::Warning,
            "The site did not answer in time. Try again later.".to_owned(),
        )),
        Status::Failed(why) => verdicts.push((
            Rule::UnreachableLink,
            Severity::Warning,
            format!("The site could not be reached: {why}."),
        )),
        Status::Skipped(_) => {}
    }
    verdicts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(redirects: &[(u16, &str)], status: Status) -> UrlCheck {
        UrlCheck {
            url: "https://start.example/a".into(),
            redirects: redirects
                .iter()
                .map(|(status, location)| Hop {
                    status: *status,
                    location: (*location).into(),
                })
                .collect(),
            status,
        }
    }

    #[test]
    fn verdicts() {
        let rules = |check: &UrlCheck| -> Vec<(Rule, Severity)> {
            judge(check)
                .into_iter()
                .map(|(rule, severity, _)| (rule, severity))
                .collect()
        };
        assert_eq!(rules(&check(&[], Status::Code(200))), []);
        assert_eq!(
            rules(&check(&[], Status::Code(404))),
            [(Rule::BrokenLink, Severity::Error)]
        );
        assert_eq!(
            rules(&check(&[], Status::Code(403))),
            [(Rule::BrokenLink, Severity::Warning)]
        );
        assert_eq!(
            rules(&check(
                &[(301, "https://start.example/b")],
                Status::Code(200)
            )),
            [(Rule::RedirectedLink, Severity::Info)]
        );
        assert_eq!(
            rules(&check(
                &[(302, "https://casino.example/")],
                Status::Code(200)
            )),
            [(Rule::RedirectedLink, Severity::Warning)]
        );
        assert_eq!(
            rules(&check(&[], Status::TimedOut)),
            [(Rule::UnreachableLink, Severity::Warning)]
        );
        assert_eq!(rules(&check(&[], Status::Skipped("private".into()))), []);
    }

    #[test]
    fn private_addresses_are_skipped_without_a_request() {
        let urls = vec!["http://192.168.1.1/admin".to_owned()];
        let mut reports = 0;
        let checks = check_urls(
            &urls,
            &OnlineOptions::default(),
            &AtomicBool::new(false),
            &mut |progress| {
                reports += 1;
                assert_eq!(progress.total, 1);
            },
        );
        assert_eq!(reports, 1);
        assert!(matches!(checks[0].status, Status::Skipped(_)), "{checks:?}");
    }
}
