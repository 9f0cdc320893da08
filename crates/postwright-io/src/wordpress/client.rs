//! The WordPress REST client: blocking `ureq` requests over rustls, a timeout on every one,
//! Basic authentication with an Application Password, and every failure turned into a
//! [`WordPressError`] in words.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Map, Value};
use url::Url;

use super::blogs::{Blog, Password};
use super::error::WordPressError;
use postwright_core::wordpress::{RemoteKind, RemotePost};

/// How the client behaves.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// The longest wait for one request, connection included.
    pub timeout: Duration,
    /// The longest wait for one media upload.
    pub upload_timeout: Duration,
    /// The `User-Agent` header sent.
    pub user_agent: String,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(120),
            user_agent: format!("Postwright/{} (publishing)", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The largest answer read (a page of posts with their content).
const ANSWER_LIMIT: u64 = 64 * 1024 * 1024;

/// Checks a blog's address: `https://`, or plain `http://` only on this computer
/// (loopback), since plain http elsewhere would carry the password unencrypted. Postwright
/// refuses it rather than asking, so no setting can leak a password by mistake.
pub fn check_address(url: &str) -> Result<Url, WordPressError> {
    let trimmed = url.trim();
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let parsed = Url::parse(&with_scheme).map_err(|_| WordPressError::BadAddress {
        url: trimmed.to_owned(),
    })?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        "http" => Err(WordPressError::InsecureAddress {
            url: trimmed.to_owned(),
        }),
        _ => Err(WordPressError::BadAddress {
            url: trimmed.to_owned(),
        }),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(address)) => IpAddr::V4(address).is_loopback(),
        Some(url::Host::Ipv6(address)) => IpAddr::V6(address).is_loopback(),
        None => false,
    }
}

fn agent(
    options: &ClientOptions,
    timeout: Duration,
    loopback: bool,
    redirects: u32,
) -> ureq::Agent {
    let builder = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(redirects)
        .http_status_as_error(false)
        .user_agent(options.user_agent.as_str());
    let builder = if loopback {
        builder.proxy(None)
    } else {
        builder
    };
    ureq::Agent::new_with_config(builder.build())
}

/// The error for a request that got no answer.
fn transport_error(error: ureq::Error, url: &str) -> WordPressError {
    let url = url.to_owned();
    match error {
        ureq::Error::Timeout(_) => WordPressError::Timeout { url },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            WordPressError::Timeout { url }
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            WordPressError::ConnectionRefused { url }
        }
        ureq::Error::ConnectionFailed => WordPressError::ConnectionRefused { url },
        ureq::Error::HostNotFound => WordPressError::HostNotFound {
            host: Url::parse(&url)
                .ok()
                .and_then(|parsed| parsed.host_str().map(str::to_owned))
                .unwrap_or(url),
        },
        ureq::Error::Tls(detail) => WordPressError::Tls {
            detail: detail.to_owned(),
        },
        ureq::Error::Rustls(error) => WordPressError::Tls {
            detail: error.to_string(),
        },
        ureq::Error::Io(io) if io.to_string().contains("certificate") => WordPressError::Tls {
            detail: io.to_string(),
        },
        other => WordPressError::Network {
            detail: other.to_string(),
        },
    }
}

/// An answer from the blog: status, paging headers, and the JSON (or `Null`).
struct Answer {
    status: u16,
    total: Option<u64>,
    total_pages: Option<u32>,
    json: Value,
    link_header: Vec<String>,
}

fn read_answer(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let total = header("x-wp-total").and_then(|text| text.trim().parse().ok());
    let total_pages = header("x-wp-totalpages").and_then(|text| text.trim().parse().ok());
    let link_header = response
        .headers()
        .get_all("link")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .map(str::to_owned)
        .collect();
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(ANSWER_LIMIT)
        .read_to_string()
        .unwrap_or_default();
    // WordPress can print a notice before the JSON on badly configured sites: read from
    // the first brace or bracket.
    let json = serde_json::from_str(&text)
        .ok()
        .or_else(|| {
            let start = text.find(['{', '['])?;
            serde_json::from_str(&text[start..]).ok()
        })
        .unwrap_or(Value::Null);
    Answer {
        status,
        total,
        total_pages,
        json,
        link_header,
    }
}

/// WordPress's error code and message in an error answer.
fn code_and_message(json: &Value) -> (String, String) {
    let text = |key: &str| {
        json.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    (text("code"), text("message"))
}

const REST_DISABLED_CODES: &[&str] = &["rest_disabled", "rest_api_disabled", "rest_cannot_access"];

/// Finds a site's REST API root: the `Link: <…>; rel="https://api.w.org/"` header of its
/// home page, or else `?rest_route=/` (sites without pretty permalinks). Checks that the
/// root answers with the `wp/v2` routes.
pub fn discover(site_url: &str, options: &ClientOptions) -> Result<String, WordPressError> {
    let site = check_address(site_url)?;
    let loopback = is_loopback(&site);
    let agent = agent(options, options.timeout, loopback, 5);
    let get = |url: &str| {
        agent
            .get(url)
            .call()
            .map(read_answer)
            .map_err(|error| transport_error(error, url))
    };
    let home = get(site.as_str())?;
    let linked = home.link_header.iter().find_map(|header| api_link(header));
    let mut candidates = Vec::new();
    if let Some(root) = linked {
        let root = check_address(&root)?;
        candidates.push(root.to_string());
    }
    let mut query_root = site.clone();
    query_root.set_query(Some("rest_route=/"));
    candidates.push(query_root.to_string());
    let mut disabled = false;
    for root in candidates {
        let index = get(&root)?;
        let namespaces = index.json.get("namespaces").and_then(Value::as_array);
        if namespaces.is_some_and(|list| list.iter().any(|name| name == "wp/v2")) {
            return Ok(root);
        }
        let (code, _) = code_and_message(&index.json);
        if namespaces.is_some() || REST_DISABLED_CODES.contains(&code.as_str()) {
            disabled = true;
        }
    }
    if disabled {
        Err(WordPressError::RestDisabled {
            url: site.to_string(),
        })
    } else {
        Err(WordPressError::NotWordPress {
            url: site_url.trim().to_owned(),
        })
    }
}

/// The address in a `Link` header value whose rel is the WordPress API's.
fn api_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let rel = params.contains("rel=\"https://api.w.org/\"")
            || params.contains("rel=https://api.w.org/");
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        rel.then(|| target.to_owned())
    })
}

/// The account an Application Password belongs to, and what its role may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// The display name.
    pub name: String,
    /// The user name.
    pub user: String,
    /// The roles (`administrator`, `author`…).
    pub roles: Vec<String>,
    /// May publish posts (otherwise only submit them for review).
    pub can_publish: bool,
    /// May upload media.
    pub can_upload: bool,
    /// May create categories.
    pub can_create_categories: bool,
    /// May publish HTML as written (otherwise the blog filters it).
    pub unfiltered_html: bool,
}

impl Account {
    /// One sentence for the author: "Ada (administrator): may publish, upload media…".
    pub fn summary(&self) -> String {
        let mut may = Vec::new();
        may.push(if self.can_publish {
            "may publish posts"
        } else {
            "may submit posts for review, not publish them"
        });
        if self.can_upload {
            may.push("upload media");
        } else {
            may.push("may not upload media");
        }
        if self.can_create_categories {
            may.push("create categories");
        }
        if !self.unfiltered_html {
            may.push("its HTML is filtered by the blog");
        }
        let roles = if self.roles.is_empty() {
            "no role".to_owned()
        } else {
            self.roles.join(", ")
        };
        format!("{} ({roles}): {}", self.name, may.join(", "))
    }
}

/// A media item on the blog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Media {
    /// Its id.
    pub id: u64,
    /// The file's address.
    pub source_url: String,
    /// Its alt text.
    pub alt_text: String,
}

/// Tags or categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taxonomy {
    /// `/wp/v2/tags`.
    Tags,
    /// `/wp/v2/categories`.
    Categories,
}

impl Taxonomy {
    fn route(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Categories => "categories",
        }
    }
}

/// Which posts to list.
#[derive(Clone, Debug)]
pub struct ListQuery {
    /// Posts or pages.
    pub kind: RemoteKind,
    /// The page, from 1.
    pub page: u32,
    /// Posts per page, at most 100.
    pub per_page: u32,
    /// Words to search for.
    pub search: Option<String>,
    /// Statuses (`draft`, `publish`…); empty lists every status but the trash.
    pub statuses: Vec<String>,
    /// Order by id rather than by date: posts that share a date (imported at once) come in
    /// no fixed order by date, so pages read one after another could overlap or skip.
    pub by_id: bool,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            kind: RemoteKind::Post,
            page: 1,
            per_page: 20,
            search: None,
            statuses: Vec::new(),
            by_id: false,
        }
    }
}

/// One page of a listing.
#[derive(Clone, Debug, Default)]
pub struct ListPage {
    /// The posts, newest first; tag and category names and the featured image are not
    /// looked up (see [`Client::complete`]).
    pub posts: Vec<RemotePost>,
    /// Posts in all.
    pub total: u64,
    /// Pages in all.
    pub total_pages: u32,
}

/// A client for one blog, signed in with an Application Password. Its `Debug` shows the
/// blog and the user, never the password.
pub struct Client {
    agent: ureq::Agent,
    upload_agent: ureq::Agent,
    root: String,
    user: String,
    authorization: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("root", &self.root)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `blog`, signed in as its user with `password`.
    pub fn new(
        blog: &Blog,
        password: &Password,
        options: &ClientOptions,
    ) -> Result<Client, WordPressError> {
        let root = check_address(&blog.rest_root)?;
        let loopback = is_loopback(&root);
        let credentials = format!("{}:{}", blog.user, password.expose());
        Ok(Client {
            agent: agent(options, options.timeout, loopback, 0),
            upload_agent: agent(options, options.upload_timeout, loopback, 0),
            root: root.to_string(),
            user: blog.user.clone(),
            authorization: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            ),
        })
    }

    /// The REST root this client talks to.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The address of a route (`wp/v2/posts/12`) with query parameters, in the root's
    /// style (`/wp-json/wp/v2/posts?x=1` or `/?rest_route=/wp/v2/posts&x=1`).
    fn endpoint(&self, route: &str, query: &[(&str, String)]) -> String {
        let mut url = format!("{}{route}", self.root);
        let mut separator = if self.root.contains('?') { '&' } else { '?' };
        for (key, value) in query {
            url.push(separator);
            separator = '&';
            url.push_str(key);
            url.push('=');
            url.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
        }
        url
    }

    fn request(
        &self,
        method: &str,
        url: &str,
        body: Option<(&str, Vec<u8>)>,
        extra_header: Option<(&str, String)>,
    ) -> Result<Answer, WordPressError> {
        let agent = if extra_header.is_some() {
            &self.upload_agent
        } else {
            &self.agent
        };
        let result = match method {
            "GET" => {
                let request = agent.get(url).header("Authorization", &self.authorization);
                request.call()
            }
            _ => {
                let (content_type, bytes) = body.unwrap_or(("application/json", b"{}".to_vec()));
                let mut request = agent
                    .post(url)
                    .header("Authorization", &self.authorization)
                    .header("Content-Type", content_type);
                if let Some((name, value)) = &extra_header {
                    request = request.header(*name, value);
                }
                request.send(&bytes[..])
            }
        };
        result
            .map(read_answer)
            .map_err(|error| transport_error(error, url))
    }

    /// The answer's JSON, or the error an error status means. `what` names the thing
    /// asked for, for "not on the blog".
    fn expect_ok(&self, answer: Answer, what: &str) -> Result<Answer, WordPressError> {
        if (200..300).contains(&answer.status) {
            if answer.json.is_null() {
                return Err(WordPressError::BadAnswer {
                    detail: format!("the answer about {what} is not JSON"),
                });
            }
            return Ok(answer);
        }
        let (code, message) = code_and_message(&answer.json);
        Err(match (answer.status, code.as_str()) {
            (_, code) if REST_DISABLED_CODES.contains(&code) => WordPressError::RestDisabled {
                url: self.root.clone(),
            },
            (401, _) => WordPressError::WrongPassword {
                user: self.user.clone(),
            },
            (_, "rest_cannot_publish") => WordPressError::CannotPublish { message },
            (413, _) | (_, "rest_upload_file_too_big" | "rest_upload_limited_space") => {
                WordPressError::UploadTooLarge {
                    file: what.to_owned(),
                }
            }
            (_, "rest_upload_unknown_error") if message.contains("upload_max_filesize") => {
                WordPressError::UploadTooLarge {
                    file: what.to_owned(),
                }
            }
            (403, _) => WordPressError::Forbidden { message },
            (404 | 410, _) => WordPressError::NotFound {
                what: what.to_owned(),
            },
            (status, _) => WordPressError::Refused {
                status,
                code,
                message: if message.is_empty() {
                    "no explanation given".to_owned()
                } else {
                    message
                },
            },
        })
    }

    fn get_json(
        &self,
        route: &str,
        query: &[(&str, String)],
        what: &str,
    ) -> Result<Answer, WordPressError> {
        let url = self.endpoint(route, query);
        let answer = self.request("GET", &url, None, None)?;
        self.expect_ok(answer, what)
    }

    fn post_json(
        &self,
        route: &str,
        fields: &Map<String, Value>,
        what: &str,
    ) -> Result<Value, WordPressError> {
        let url = self.endpoint(route, &[]);
        let body = serde_json::to_vec(fields).map_err(|error| WordPressError::BadAnswer {
            detail: error.to_string(),
        })?;
        let answer = self.request("POST", &url, Some(("application/json", body)), None)?;
        self.expect_ok(answer, what).map(|answer| answer.json)
    }

    /// The signed-in account (`/wp/v2/users/me?context=edit`): checks the password, and
    /// tells the account's name and what its role may do.
    pub fn account(&self) -> Result<Account, WordPressError> {
        let json = self
            .get_json(
                "wp/v2/users/me",
                &[("context", "edit".into())],
                "the account",
            )?
            .json;
        let capability = |name: &str| {
            json.get("capabilities")
                .and_then(|capabilities| capabilities.get(name))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        Ok(Account {
            name: text_of(&json, "name"),
            user: text_of(&json, "username"),
            roles: json
                .get("roles")
                .and_then(Value::as_array)
                .map(|roles| {
                    roles
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            can_publish: capability("publish_posts"),
            can_upload: capability("upload_files"),
            can_create_categories: capability("manage_categories"),
            unfiltered_html: capability("unfiltered_html"),
        })
    }

    /// One page of posts or pages, with their raw fields (`context=edit`).
    pub fn list(&self, query: &ListQuery) -> Result<ListPage, WordPressError> {
        let mut parameters = vec![
            ("context", "edit".to_owned()),
            ("page", query.page.to_string()),
            ("per_page", query.per_page.clamp(1, 100).to_string()),
            (
                "status",
                if query.statuses.is_empty() {
                    "any".to_owned()
                } else {
                    query.statuses.join(",")
                },
            ),
        ];
        if query.by_id {
            parameters.push(("orderby", "id".to_owned()));
        }
        if let Some(search) = query.search.as_ref().filter(|text| !text.trim().is_empty()) {
            parameters.push(("search", search.clone()));
        }
        let route = format!("wp/v2/{}", query.kind.collection());
        let answer = match self.get_json(&route, &parameters, "that page of posts") {
            // Asking past the last page.
            Err(WordPressError::Refused { code, .. })
                if code == "rest_post_invalid_page_number" =>
            {
                return Ok(ListPage::default());
            }
            other => other?,
        };
        let posts = answer
            .json
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| remote_post(item, query.kind))
                    .collect()
            })
            .unwrap_or_default();
        Ok(ListPage {
            posts,
            total: answer.total.unwrap_or_default(),
            total_pages: answer.total_pages.unwrap_or(1),
        })
    }

    /// One post or page with its raw fields, tag and category names and featured image.
    pub fn fetch(&self, kind: RemoteKind, id: u64) -> Result<RemotePost, WordPressError> {
        let json = self.fetch_json(kind, id)?;
        self.complete(&json, kind)
    }

    /// One post or page as the blog's JSON (`context=edit`).
    pub fn fetch_json(&self, kind: RemoteKind, id: u64) -> Result<Value, WordPressError> {
        let route = format!("wp/v2/{}/{id}", kind.collection());
        Ok(self
            .get_json(
                &route,
                &[("context", "edit".into())],
                &format!("the post {id}"),
            )?
            .json)
    }

    /// A post's JSON with its tag and category names and featured image looked up.
    pub fn complete(&self, json: &Value, kind: RemoteKind) -> Result<RemotePost, WordPressError> {
        let mut post = remote_post(json, kind);
        post.tags = self.term_names(Taxonomy::Tags, &ids_of(json, "tags"))?;
        post.categories = self.term_names(Taxonomy::Categories, &ids_of(json, "categories"))?;
        let featured = json
            .get("featured_media")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if featured != 0
            && let Some(media) = self.media(featured)?
        {
            post.featured_image = Some((media.source_url, media.alt_text));
        }
        Ok(post)
    }

    /// Creates a post; the blog's JSON of it.
    pub fn create_post(&self, fields: &Map<String, Value>) -> Result<Value, WordPressError> {
        self.post_json("wp/v2/posts", fields, "the post")
    }

    /// Updates post `id`; the blog's JSON of it.
    pub fn update_post(
        &self,
        id: u64,
        fields: &Map<String, Value>,
    ) -> Result<Value, WordPressError> {
        self.post_json(
            &format!("wp/v2/posts/{id}"),
            fields,
            &format!("the post {id}"),
        )
    }

    /// Uploads a file to the media library (the raw body, named by `Content-Disposition`).
    pub fn upload_media(
        &self,
        file_name: &str,
        bytes: Vec<u8>,
        mime: &str,
    ) -> Result<Media, WordPressError> {
        let url = self.endpoint("wp/v2/media", &[]);
        let safe_name: String = file_name
            .chars()
            .map(|c| {
                if c == '"' || c == '\\' || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let answer = self.request(
            "POST",
            &url,
            Some((mime, bytes)),
            Some((
                "Content-Disposition",
                format!("attachment; filename=\"{safe_name}\""),
            )),
        )?;
        let json = self.expect_ok(answer, file_name)?.json;
        Ok(media_of(&json))
    }

    /// The media item `id`, or `None` when it is gone from the blog.
    pub fn media(&self, id: u64) -> Result<Option<Media>, WordPressError> {
        match self.get_json(
            &format!("wp/v2/media/{id}"),
            &[],
            &format!("the media item {id}"),
        ) {
            Ok(answer) => Ok(Some(media_of(&answer.json))),
            Err(WordPressError::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Sets a media item's alt text.
    pub fn set_alt_text(&self, id: u64, alt: &str) -> Result<(), WordPressError> {
        let mut fields = Map::new();
        fields.insert("alt_text".into(), Value::String(alt.to_owned()));
        self.post_json(
            &format!("wp/v2/media/{id}"),
            &fields,
            &format!("the media item {id}"),
        )
        .map(|_| ())
    }

    /// The id of the tag or category called `name`, created when missing (a `term_exists`
    /// answer gives the existing one's id).
    pub fn term_id(&self, taxonomy: Taxonomy, name: &str) -> Result<u64, WordPressError> {
        let route = format!("wp/v2/{}", taxonomy.route());
        let found = self.get_json(
            &route,
            &[("search", name.to_owned()), ("per_page", "100".into())],
            &format!("the {} {name:?}", taxonomy.route()),
        )?;
        if let Some(id) = found.json.as_array().and_then(|terms| {
            terms.iter().find_map(|term| {
                let term_name = term.get("name").and_then(Value::as_str)?;
                same_term_name(term_name, name).then(|| term.get("id").and_then(Value::as_u64))?
            })
        }) {
            return Ok(id);
        }
        let mut fields = Map::new();
        fields.insert("name".into(), Value::String(name.to_owned()));
        let url = self.endpoint(&route, &[]);
        let body = serde_json::to_vec(&fields).unwrap_or_default();
        let answer = self.request("POST", &url, Some(("application/json", body)), None)?;
        if answer.status == 400
            && answer.json.get("code").and_then(Value::as_str) == Some("term_exists")
            && let Some(id) = answer
                .json
                .get("data")
                .and_then(|data| data.get("term_id"))
                .and_then(Value::as_u64)
        {
            return Ok(id);
        }
        let what = match taxonomy {
            Taxonomy::Tags => format!("the tag {name:?}"),
            Taxonomy::Categories => format!("the category {name:?}"),
        };
        let json = match self.expect_ok(answer, &what) {
            Err(WordPressError::Forbidden { message }) => {
                return Err(WordPressError::Forbidden {
                    message: format!(
                        "{what} is not on the blog yet, and this account may not create it \
                         ({message}); ask an editor to create it, or leave it out"
                    ),
                });
            }
            other => other?.json,
        };
        json.get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| WordPressError::BadAnswer {
                detail: format!(
                    "the new {} {name:?} came back without an id",
                    taxonomy.route()
                ),
            })
    }

    /// The names of the tags or categories with these ids, in the same order.
    pub fn term_names(
        &self,
        taxonomy: Taxonomy,
        ids: &[u64],
    ) -> Result<Vec<String>, WordPressError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let include = ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let answer = self.get_json(
            &format!("wp/v2/{}", taxonomy.route()),
            &[("include", include), ("per_page", "100".into())],
            taxonomy.route(),
        )?;
        let terms = answer.json.as_array().cloned().unwrap_or_default();
        Ok(ids
            .iter()
            .filter_map(|id| {
                terms
                    .iter()
                    .find(|term| term.get("id").and_then(Value::as_u64) == Some(*id))
                    .map(|term| text_of(term, "name"))
            })
            .collect())
    }
}

/// Term names compare as the blog shows them: `&` comes back as `&amp;`, case is ignored.
fn same_term_name(remote: &str, local: &str) -> bool {
    let remote = remote.replace("&amp;", "&");
    remote.trim().to_lowercase() == local.trim().to_lowercase()
}

fn text_of(json: &Value, key: &str) -> String {
    json.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// A field's raw text (`title.raw`), or its rendered text when there is no raw one.
fn raw_of(json: &Value, key: &str) -> String {
    match json.get(key) {
        Some(Value::String(text)) => text.clone(),
        Some(field) => field
            .get("raw")
            .or_else(|| field.get("rendered"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        None => String::new(),
    }
}

fn ids_of(json: &Value, key: &str) -> Vec<u64> {
    json.get(key)
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

fn media_of(json: &Value) -> Media {
    Media {
        id: json.get("id").and_then(Value::as_u64).unwrap_or(0),
        source_url: text_of(json, "source_url"),
        alt_text: text_of(json, "alt_text"),
    }
}

/// A post's JSON as a [`RemotePost`], terms and featured image not looked up.
pub fn remote_post(json: &Value, kind: RemoteKind) -> RemotePost {
    RemotePost {
        id: json.get("id").and_then(Value::as_u64).unwrap_or(0),
        page: kind == RemoteKind::Page,
        link: text_of(json, "link"),
        status: text_of(json, "status"),
        title: raw_of(json, "title"),
        content: raw_of(json, "content"),
        excerpt: raw_of(json, "excerpt"),
        slug: text_of(json, "slug"),
        date_gmt: json
            .get("date_gmt")
            .and_then(Value::as_str)
            .map(str::to_owned),
        modified_gmt: text_of(json, "modified_gmt"),
        tags: Vec::new(),
        categories: Vec::new(),
        featured_image: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_this_computer() {
        assert!(check_address("http://127.0.0.1:8080").is_ok());
        assert!(check_address("http://localhost/blog").is_ok());
        assert!(check_address("http://[::1]:9/").is_ok());
        assert!(check_address("blog.example.org").is_ok_and(|url| url.scheme() == "https"));
        let refused = check_address("http://blog.example.org").expect_err("refused");
        assert!(matches!(refused, WordPressError::InsecureAddress { .. }));
        assert!(refused.to_string().contains("unencrypted"), "{refused}");
        assert!(check_address("ftp://blog.example.org").is_err());
    }

    #[test]
    fn the_api_link_header() {
        assert_eq!(
            api_link("<https://b.example/wp-json/>; rel=\"https://api.w.org/\""),
            Some("https://b.example/wp-json/".to_owned())
        );
        assert_eq!(
            api_link(
                "<https://b.example/?p=1>; rel=shortlink, <https://b.example/wp-json/>; rel=\"https://api.w.org/\""
            ),
            Some("https://b.example/wp-json/".to_owned())
        );
        assert_eq!(api_link("<https://b.example/>; rel=\"canonical\""), None);
    }

    #[test]
    fn the_client_shows_no_password() {
        let blog = Blog {
            name: "main".into(),
            url: "https://b.example".into(),
            user: "ada".into(),
            rest_root: "https://b.example/wp-json/".into(),
        };
        let password = Password::new("sEcReT-pass-1234");
        let client = Client::new(&blog, &password, &ClientOptions::default()).expect("a client");
        let shown = format!("{client:?} {blog:?} {password:?}");
        assert!(!shown.contains("sEcReT"), "{shown}");
        assert!(
            !shown.contains(
                &base64::engine::general_purpose::STANDARD.encode("ada:sEcReT-pass-1234")
            )
        );
        assert_eq!(
            client.endpoint("wp/v2/posts", &[("search", "a b&c".into())]),
            "https://b.example/wp-json/wp/v2/posts?search=a+b%26c"
        );
        let query_style = Client::new(
            &Blog {
                rest_root: "https://b.example/?rest_route=/".into(),
                ..blog
            },
            &password,
            &ClientOptions::default(),
        )
        .expect("a client");
        assert_eq!(
            query_style.endpoint("wp/v2/posts/3", &[("context", "edit".into())]),
            "https://b.example/?rest_route=/wp/v2/posts/3&context=edit"
        );
    }
}
