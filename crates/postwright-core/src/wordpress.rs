//! Publishing to WordPress, the pure part: what a post becomes on a blog, and what a post
//! pulled from a blog becomes in Postwright.
//!
//! - [`plan`] computes a [`PublishPlan`] from a post and its audit: everything that goes
//!   out (blog, status, title, slug, excerpt, date, tags and categories by name, featured
//!   image with its alt text, the local images to upload, the audit's errors and
//!   warnings). The window's publish dialog shows it as it is; the I/O layer carries it out.
//! - [`PublishPlan::content_html`] is the post's own sanitised export body, with local
//!   images pointing at their uploaded copies; [`PublishPlan::rest_fields`] the REST body.
//! - [`RemoteLink`] is the `wordpress: {blog, id, url, modified}` front-matter key that
//!   ties a post to its copy on a blog, written with [`set_remote_link`] as an ordinary
//!   front-matter edit in the post's own syntax (YAML, TOML or JSON).
//! - [`pulled_post`] turns a [`RemotePost`] into a Markdown post: the content through
//!   [`crate::html_to_markdown`], the front matter from the post's fields.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use serde_json::{Map, Value, json};

use crate::audit::{Address, Finding, LinkKind, Report, Severity, Usage};
use crate::export::{self, ExportOptions, ImageMode};
use crate::front_matter::{FieldMap, Format, FrontMatterError};
use crate::markdown;
use crate::metadata::{Metadata, PostDate};
use crate::post::Post;

/// The front-matter key that holds a post's [`RemoteLink`].
pub const FRONT_MATTER_KEY: &str = "wordpress";

/// A post's status on a WordPress blog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PostStatus {
    /// Saved on the blog, seen by no reader.
    Draft,
    /// Waiting for an editor to review and publish it ("Submit for review").
    Pending,
    /// Published, but only for the blog's editors and administrators.
    Private,
    /// Published for every reader.
    Publish,
    /// Published automatically at its date, which is in the future ("scheduled").
    Future,
}

impl PostStatus {
    /// Every status, in the order a menu lists them.
    pub const ALL: [PostStatus; 5] = [
        PostStatus::Draft,
        PostStatus::Pending,
        PostStatus::Private,
        PostStatus::Publish,
        PostStatus::Future,
    ];

    /// The REST API's name: `draft`, `pending`, `private`, `publish`, `future`.
    pub fn rest_name(self) -> &'static str {
        match self {
            PostStatus::Draft => "draft",
            PostStatus::Pending => "pending",
            PostStatus::Private => "private",
            PostStatus::Publish => "publish",
            PostStatus::Future => "future",
        }
    }

    /// What the author reads: "draft", "pending review", "private", "published",
    /// "scheduled".
    pub fn label(self) -> &'static str {
        match self {
            PostStatus::Draft => "draft",
            PostStatus::Pending => "pending review",
            PostStatus::Private => "private",
            PostStatus::Publish => "published",
            PostStatus::Future => "scheduled",
        }
    }

    /// Reads a REST name, or `scheduled` and `review` as the author may write them.
    pub fn parse(text: &str) -> Option<PostStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(PostStatus::Draft),
            "pending" | "review" | "pending-review" => Some(PostStatus::Pending),
            "private" => Some(PostStatus::Private),
            "publish" | "published" => Some(PostStatus::Publish),
            "future" | "scheduled" => Some(PostStatus::Future),
            _ => None,
        }
    }
}

/// Where a post lives on a blog: the `wordpress` key of its front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteLink {
    /// The blog's name, as the author listed it (`postwright blog list`).
    pub blog: String,
    /// The post's id on the blog.
    pub id: u64,
    /// Its address on the blog (`?p=ID` until it is published).
    pub url: String,
    /// The blog's `modified_gmt` of the post when Postwright last published or pulled it:
    /// if the blog's copy has a different one, someone changed it there since.
    pub modified: String,
}

impl RemoteLink {
    /// The link in a post's front matter, if it has a readable one.
    pub fn of(post: &Post) -> Option<RemoteLink> {
        let fields = post.front_matter()?.fields().ok()?;
        Self::from_fields(fields)
    }

    fn from_fields(fields: &FieldMap) -> Option<RemoteLink> {
        let map = fields.get(FRONT_MATTER_KEY)?.as_object()?;
        let text = |key: &str| match map.get(key) {
            Some(Value::String(text)) => text.trim().to_owned(),
            Some(Value::Number(number)) => number.to_string(),
            _ => String::new(),
        };
        let id = match map.get("id") {
            Some(Value::Number(number)) => number.as_u64()?,
            Some(Value::String(text)) => text.trim().parse().ok()?,
            _ => return None,
        };
        Some(RemoteLink {
            blog: text("blog"),
            id,
            url: text("url"),
            modified: text("modified"),
        })
    }

    /// The front-matter value: `{blog, id, url, modified}`.
    pub fn to_value(&self) -> Value {
        json!({
            "blog": self.blog,
            "id": self.id,
            "url": self.url,
            "modified": self.modified,
        })
    }
}

/// Writes `link` into the post's front matter as its `wordpress` key, in the front
/// matter's own syntax, leaving every other key as it was: an ordinary metadata edit that
/// the author saves (a post without front matter gains one).
pub fn set_remote_link(post: &mut Post, link: &RemoteLink) -> Result<(), FrontMatterError> {
    post.set_front_matter_keys(&[(FRONT_MATTER_KEY.to_owned(), Some(link.to_value()))])
}

/// A local image of the post, to be uploaded to the blog's media library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalImage {
    /// The address as written in the post (`images/my%20cat.png`).
    pub address: String,
    /// The file, relative to the post's folder, percent-decoded (`images/my cat.png`).
    pub path: String,
    /// Its alt text, set on the uploaded copy.
    pub alt: String,
}

/// Where the featured image comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeaturedSource {
    /// A file beside the post, uploaded and made the featured image.
    Local(LocalImage),
    /// A web address (a post pulled from the blog has its featured image's): the blog's
    /// featured image is left as it is.
    Web(String),
}

/// The date sent to the blog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestDate {
    /// A day or a time without offset, in the blog's own time zone: the REST `date`.
    SiteTime(String),
    /// An exact instant, in UTC: the REST `date_gmt`.
    Utc(String),
}

/// Everything a publish sends, computed from the post: what the publish dialog shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishPlan {
    /// The blog's name.
    pub blog: String,
    /// The post on that blog that this publish updates, when it was published there before.
    pub update: Option<RemoteLink>,
    /// The status to set; `None` when an update leaves the blog's status as it is.
    pub status: Option<PostStatus>,
    /// The title.
    pub title: String,
    /// The slug; empty lets the blog make one from the title.
    pub slug: String,
    /// The excerpt: the post's summary.
    pub excerpt: String,
    /// The date, if the post has one that can be read.
    pub date: Option<RestDate>,
    /// The date as the author wrote it.
    pub date_text: String,
    /// Tag names, created on the blog when missing.
    pub tags: Vec<String>,
    /// Category names, created on the blog when missing.
    pub categories: Vec<String>,
    /// The featured image (the post's cover) and its alt text.
    pub featured_image: Option<(FeaturedSource, String)>,
    /// The local images of the body, each once, to upload.
    pub images: Vec<LocalImage>,
    /// The audit's errors: publishing waits until the author confirms each one.
    pub errors: Vec<Finding>,
    /// The audit's warnings, listed.
    pub warnings: Vec<Finding>,
    /// What else the author should know (a scheduled post without a future date, a local
    /// image in raw HTML that is not uploaded), in sentences.
    pub notes: Vec<String>,
    /// The Markdown body that becomes the content (the title heading lifted out when the
    /// title came from it).
    body: String,
}

/// Computes what publishing `post` to `blog` sends.
///
/// `requested` is the status the author chose: `None` publishes a new post as a draft
/// and leaves an updated post's status as it is on the blog. A post whose date is after
/// `now` is scheduled when asked to publish. `report` is the post's audit, with the
/// missing-file check backed by the post's folder.
pub fn plan(
    post: &Post,
    blog: &str,
    requested: Option<PostStatus>,
    now: jiff::Timestamp,
    report: &Report,
) -> PublishPlan {
    let metadata = post.metadata();
    let mut notes = Vec::new();
    let update = RemoteLink::of(post).filter(|link| link.blog == blog);
    if let Some(other) = RemoteLink::of(post).filter(|link| link.blog != blog) {
        notes.push(format!(
            "the post was published to the blog {:?} before; publishing to {blog:?} makes a \
             new post there, and the front matter then points at the new one",
            other.blog
        ));
    }
    let (title, body) = title_and_body(post);
    if title.trim().is_empty() {
        notes.push("the post has no title; set one in the metadata".to_owned());
    }
    let parsed_date = (!metadata.date.is_empty()).then(|| PostDate::parse(&metadata.date));
    let date = match &parsed_date {
        Some(Ok(date)) => Some(rest_date(date)),
        Some(Err(why)) => {
            notes.push(format!("the date is left to the blog: {why}"));
            None
        }
        None => None,
    };
    let in_future = matches!(&parsed_date, Some(Ok(date)) if instant_of(date) > now);
    let status = match (requested, update.is_some()) {
        (Some(PostStatus::Publish), _) if in_future => Some(PostStatus::Future),
        (Some(PostStatus::Future), _) if !in_future => {
            notes.push(
                "a scheduled post needs a date in the future; without one the blog publishes \
                 it at once"
                    .to_owned(),
            );
            Some(PostStatus::Future)
        }
        (Some(status), _) => Some(status),
        (None, true) => None,
        (None, false) => Some(PostStatus::Draft),
    };
    let featured_image = featured(metadata);
    let images = local_images(&body, &mut notes);
    let errors = findings_of(report, Severity::Error);
    let warnings = findings_of(report, Severity::Warning);
    PublishPlan {
        blog: blog.to_owned(),
        update,
        status,
        title,
        slug: metadata.slug.clone(),
        excerpt: metadata.summary.clone(),
        date,
        date_text: metadata.date.clone(),
        tags: metadata.tags.clone(),
        categories: metadata.categories.clone(),
        featured_image,
        images,
        errors,
        warnings,
        notes,
        body,
    }
}

impl PublishPlan {
    /// Whether the audit found errors, which the author must confirm before publishing.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Every local file to upload (the featured image first, then the body's images), each
    /// path once.
    pub fn uploads(&self) -> Vec<&LocalImage> {
        let mut uploads: Vec<&LocalImage> = Vec::new();
        if let Some((FeaturedSource::Local(image), _)) = &self.featured_image {
            uploads.push(image);
        }
        for image in &self.images {
            if !uploads.iter().any(|known| known.path == image.path) {
                uploads.push(image);
            }
        }
        uploads
    }

    /// The content sent: the post's sanitised export body (what the preview shows), with
    /// each local image pointing at its uploaded copy. `uploaded` maps a [`LocalImage::path`]
    /// to the copy's address.
    pub fn content_html(&self, post: &Post, uploaded: &BTreeMap<String, String>) -> String {
        let addresses = self
            .images
            .iter()
            .filter_map(|image| {
                uploaded
                    .get(&image.path)
                    .map(|url| (image.address.clone(), url.clone()))
            })
            .collect();
        let mut content = post.clone();
        content.set_body(self.body.clone());
        let options = ExportOptions {
            images: ImageMode::Replace(addresses),
            body_only: true,
            ..ExportOptions::default()
        };
        let mut read_nothing =
            |_: &std::path::Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
        export::export_page(&content, None, &options, &mut read_nothing).html
    }

    /// The body of the REST request that creates or updates the post, given the content
    /// and the ids the blog gave the tags, categories and featured image.
    pub fn rest_fields(
        &self,
        content: &str,
        tag_ids: &[u64],
        category_ids: &[u64],
        featured_media: Option<u64>,
    ) -> Map<String, Value> {
        let mut fields = Map::new();
        fields.insert("title".into(), Value::String(self.title.clone()));
        fields.insert("content".into(), Value::String(content.to_owned()));
        fields.insert("excerpt".into(), Value::String(self.excerpt.clone()));
        if !self.slug.is_empty() {
            fields.insert("slug".into(), Value::String(self.slug.clone()));
        }
        if let Some(status) = self.status {
            fields.insert("status".into(), Value::String(status.rest_name().into()));
        }
        match &self.date {
            Some(RestDate::SiteTime(date)) => {
                fields.insert("date".into(), Value::String(date.clone()));
            }
            Some(RestDate::Utc(date)) => {
                fields.insert("date_gmt".into(), Value::String(date.clone()));
            }
            None => {}
        }
        fields.insert("tags".into(), json!(tag_ids));
        // A post without categories is in the blog's default one: sending none would
        // leave it in no category at all.
        if !category_ids.is_empty() {
            fields.insert("categories".into(), json!(category_ids));
        }
        if let Some(id) = featured_media {
            fields.insert("featured_media".into(), json!(id));
        } else if self.featured_image.is_none() {
            fields.insert("featured_media".into(), json!(0));
        }
        fields
    }
}

/// The post's title, and the body without its first heading when the title is that
/// heading (a post without front matter that starts with `# Title`).
fn title_and_body(post: &Post) -> (String, String) {
    let title = post.metadata().title.trim();
    if !title.is_empty() {
        return (title.to_owned(), post.body().to_owned());
    }
    let body = post.body();
    let mut events = markdown::parser(body).into_offset_iter();
    let Some((Event::Start(Tag::Heading { level, .. }), start)) = events.next() else {
        return (String::new(), body.to_owned());
    };
    if level != HeadingLevel::H1 {
        return (String::new(), body.to_owned());
    }
    let mut heading = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => heading.push_str(&text),
            Event::SoftBreak | Event::HardBreak => heading.push(' '),
            _ => {}
        }
    }
    let rest = body[start.end..].trim_start_matches('\n');
    (heading.trim().to_owned(), rest.to_owned())
}

/// The REST date of a post date.
fn rest_date(date: &PostDate) -> RestDate {
    match date {
        PostDate::Day(day) => RestDate::SiteTime(format!("{day}T00:00:00")),
        PostDate::Local(local) => {
            RestDate::SiteTime(local.strftime("%Y-%m-%dT%H:%M:%S").to_string())
        }
        PostDate::Instant(timestamp, _) => RestDate::Utc(
            jiff::tz::Offset::UTC
                .to_datetime(*timestamp)
                .strftime("%Y-%m-%dT%H:%M:%S")
                .to_string(),
        ),
    }
}

/// The instant of a date; days and times without offset are read as UTC (the blog's time
/// zone is not known here), which is near enough to tell the future from the past.
fn instant_of(date: &PostDate) -> jiff::Timestamp {
    let local = match date {
        PostDate::Instant(timestamp, _) => return *timestamp,
        PostDate::Day(day) => day.to_datetime(jiff::civil::Time::midnight()),
        PostDate::Local(local) => *local,
    };
    jiff::tz::Offset::UTC
        .to_timestamp(local)
        .unwrap_or(jiff::Timestamp::MIN)
}

fn featured(metadata: &Metadata) -> Option<(FeaturedSource, String)> {
    let cover = metadata.cover_image.trim();
    if cover.is_empty() {
        return None;
    }
    let source = match Address::parse(cover) {
        Address::Relative(path) => FeaturedSource::Local(LocalImage {
            address: cover.to_owned(),
            path,
            alt: metadata.cover_alt.clone(),
        }),
        _ => FeaturedSource::Web(cover.to_owned()),
    };
    Some((source, metadata.cover_alt.clone()))
}

/// The body's local images, each address once, in order. Local images written in raw HTML
/// are not uploaded (the export keeps raw HTML as written); a note says so.
fn local_images(body: &str, notes: &mut Vec<String>) -> Vec<LocalImage> {
    let mut images: Vec<LocalImage> = Vec::new();
    let mut open: Option<(String, String)> = None;
    let mut depth = 0usize;
    for event in markdown::parser(body) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if open.is_none() {
                    open = Some((dest_url.to_string(), String::new()));
                } else {
                    depth += 1;
                }
            }
            Event::End(TagEnd::Image) if depth > 0 => depth -= 1,
            Event::End(TagEnd::Image) => {
                if let Some((address, alt)) = open.take()
                    && let Address::Relative(path) = Address::parse(&address)
                    && !path.is_empty()
                    && !images.iter().any(|image| image.address == address)
                {
                    images.push(LocalImage { address, path, alt });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, alt)) = &mut open {
                    alt.push_str(&text);
                }
            }
            _ => {}
        }
    }
    let (_, report) =
        crate::audit::audit_post(&Post::parse(body), &crate::audit::AuditOptions::default());
    for link in &report.links {
        if link.kind == LinkKind::Html
            && link.usage == Usage::Image
            && matches!(link.address(), Address::Relative(_))
        {
            notes.push(format!(
                "the image {:?} is in raw HTML, so it is not uploaded; write it as \
                 ![alt]({}) to have it uploaded",
                link.url, link.url
            ));
        }
    }
    images
}

fn findings_of(report: &Report, severity: Severity) -> Vec<Finding> {
    report
        .findings
        .iter()
        .filter(|finding| finding.severity == severity)
        .cloned()
        .collect()
}

/// Whether a post is a post or a page of the blog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RemoteKind {
    /// A post (`/wp/v2/posts`).
    Post,
    /// A page (`/wp/v2/pages`).
    Page,
}

impl RemoteKind {
    /// The REST collection: `posts` or `pages`.
    pub fn collection(self) -> &'static str {
        match self {
            RemoteKind::Post => "posts",
            RemoteKind::Page => "pages",
        }
    }
}

/// A post as the blog holds it (read with `context=edit`), its terms by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemotePost {
    /// Its id.
    pub id: u64,
    /// A page rather than a post.
    pub page: bool,
    /// Its address.
    pub link: String,
    /// Its status, as the REST API names it (`draft`, `publish`…).
    pub status: String,
    /// The title as typed.
    pub title: String,
    /// The content's HTML as stored.
    pub content: String,
    /// The excerpt as typed.
    pub excerpt: String,
    /// The slug.
    pub slug: String,
    /// The date in UTC (`2026-03-14T09:30:00`), when it has one.
    pub date_gmt: Option<String>,
    /// When it was last changed, in UTC.
    pub modified_gmt: String,
    /// Tag names.
    pub tags: Vec<String>,
    /// Category names.
    pub categories: Vec<String>,
    /// The featured image's address and alt text.
    pub featured_image: Option<(String, String)>,
}

impl RemotePost {
    /// The status, if it is one Postwright knows.
    pub fn post_status(&self) -> Option<PostStatus> {
        PostStatus::parse(&self.status)
    }
}

/// A post pulled from `blog` as a Markdown post with front matter in `format`: title,
/// date, slug, summary (the excerpt), tags, categories, cover (the featured image), draft
/// (for drafts and posts pending review), and the `wordpress` key that makes the next
/// publish update this post.
pub fn pulled_post(remote: &RemotePost, blog: &str, format: Format) -> Post {
    let mut post = Post::new(format);
    let metadata = Metadata {
        title: remote.title.trim().to_owned(),
        date: remote
            .date_gmt
            .as_ref()
            .map(|date| format!("{date}Z"))
            .unwrap_or_default(),
        summary: remote.excerpt.trim().to_owned(),
        tags: remote.tags.clone(),
        categories: remote.categories.clone(),
        slug: remote.slug.clone(),
        cover_image: remote
            .featured_image
            .as_ref()
            .map(|(url, _)| url.clone())
            .unwrap_or_default(),
        cover_alt: remote
            .featured_image
            .as_ref()
            .map(|(_, alt)| alt.clone())
            .unwrap_or_default(),
        draft: matches!(
            remote.post_status(),
            Some(PostStatus::Draft | PostStatus::Pending)
        ),
        ..Metadata::default()
    };
    // A new post's front matter takes any value these fields can hold; an error here
    // would leave the fields out, never the content.
    let _ = post.set_metadata(&metadata);
    let link = RemoteLink {
        blog: blog.to_owned(),
        id: remote.id,
        url: remote.link.clone(),
        modified: remote.modified_gmt.clone(),
    };
    let _ = set_remote_link(&mut post, &link);
    post.set_body(crate::html_to_markdown::convert(&remote.content));
    post
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Timestamp {
        "2026-06-01T12:00:00Z".parse().expect("a timestamp")
    }

    fn plan_of(text: &str, status: Option<PostStatus>) -> PublishPlan {
        let post = Post::parse(text);
        let (_, report) = crate::audit::audit_post(&post, &Default::default());
        plan(&post, "main", status, now(), &report)
    }

    #[test]
    fn the_plan_says_what_goes_out() {
        let plan = plan_of(
            "---\ntitle: Notes\nslug: notes\nsummary: In short.\ndate: 2026-03-14T09:30:00+01:00\ntags: [a, b]\ncategories: [news]\ncover_image: images/cover.png\ncover_alt: A cover\n---\nText ![chart](images/chart%201.png) and ![again](images/chart%201.png) ![web](https://example.org/x.png)\n",
            Some(PostStatus::Publish),
        );
        assert_eq!(plan.title, "Notes");
        assert_eq!(plan.status, Some(PostStatus::Publish));
        assert_eq!(plan.date, Some(RestDate::Utc("2026-03-14T08:30:00".into())));
        assert_eq!(plan.tags, ["a", "b"]);
        assert_eq!(plan.excerpt, "In short.");
        assert_eq!(plan.images.len(), 1);
        assert_eq!(plan.images[0].path, "images/chart 1.png");
        assert_eq!(plan.images[0].alt, "chart");
        let uploads: Vec<&str> = plan
            .uploads()
            .iter()
            .map(|image| image.path.as_str())
            .collect();
        assert_eq!(uploads, ["images/cover.png", "images/chart 1.png"]);
        let uploaded = BTreeMap::from([(
            "images/chart 1.png".to_owned(),
            "https://blog.example/wp-content/uploads/chart-1.png".to_owned(),
        )]);
        let post = Post::parse("---\ntitle: Notes\n---\nText ![chart](images/chart%201.png)\n");
        let html = plan.content_html(&post, &uploaded);
        assert!(
            html.contains("src=\"https://blog.example/wp-content/uploads/chart-1.png\""),
            "{html}"
        );
        assert!(html.contains("src=\"https://example.org/x.png\""), "{html}");
        let fields = plan.rest_fields(&html, &[3, 4], &[7], Some(9));
        assert_eq!(fields["status"], "publish");
        assert_eq!(fields["date_gmt"], "2026-03-14T08:30:00");
        assert_eq!(fields["tags"], json!([3, 4]));
        assert_eq!(fields["featured_media"], 9);
    }

    #[test]
    fn statuses_follow_the_date_and_the_remote_post() {
        let future = "---\ntitle: T\ndate: 2027-01-01\n---\nx\n";
        assert_eq!(
            plan_of(future, Some(PostStatus::Publish)).status,
            Some(PostStatus::Future)
        );
        assert_eq!(plan_of(future, None).status, Some(PostStatus::Draft));
        let past = plan_of(
            "---\ntitle: T\ndate: 2026-01-01\n---\nx\n",
            Some(PostStatus::Future),
        );
        assert_eq!(past.status, Some(PostStatus::Future));
        assert!(past.notes[0].contains("future"), "{:?}", past.notes);
        let published = "---\ntitle: T\nwordpress: {blog: main, id: 12, url: 'https://b/?p=12', modified: '2026-01-01T00:00:00'}\n---\nx\n";
        let update = plan_of(published, None);
        assert_eq!(update.status, None, "an update keeps the blog's status");
        assert_eq!(update.update.as_ref().map(|link| link.id), Some(12));
        assert_eq!(
            plan_of(published, Some(PostStatus::Pending)).status,
            Some(PostStatus::Pending)
        );
        assert!(
            !update
                .rest_fields("", &[], &[], None)
                .contains_key("status")
        );
    }

    #[test]
    fn a_title_heading_becomes_the_title() {
        let plan = plan_of("# Plain Title\n\nFirst paragraph.\n", None);
        assert_eq!(plan.title, "Plain Title");
        let html = plan.content_html(
            &Post::parse("# Plain Title\n\nFirst paragraph.\n"),
            &BTreeMap::new(),
        );
        assert!(!html.contains("Plain Title"), "{html}");
        assert!(html.contains("First paragraph."), "{html}");
    }

    #[test]
    fn audit_errors_and_raw_html_images_are_listed() {
        let plan = plan_of(
            "---\ntitle: T\n---\n[x](javascript:alert(1)) <img src=\"local.png\" alt=\"l\">\n",
            None,
        );
        assert!(plan.has_errors());
        assert!(
            plan.notes.iter().any(|note| note.contains("local.png")),
            "{:?}",
            plan.notes
        );
    }

    #[test]
    fn the_remote_link_round_trips_in_every_front_matter_format() {
        let link = RemoteLink {
            blog: "main".into(),
            id: 42,
            url: "https://blog.example/?p=42".into(),
            modified: "2026-05-01T10:00:00".into(),
        };
        for text in [
            "---\ntitle: T # a comment\ntags: [a]\n---\nBody\n",
            "+++\ntitle = \"T\" # a comment\ntags = [\"a\"]\n+++\nBody\n",
            "{\n  \"title\": \"T\",\n  \"tags\": [\"a\"]\n}\nBody\n",
            "Body\n",
        ] {
            let mut post = Post::parse(text);
            set_remote_link(&mut post, &link).expect("written");
            let written = post.to_text();
            let reread = Post::parse(&written);
            assert_eq!(RemoteLink::of(&reread), Some(link.clone()), "{written}");
            assert_eq!(reread.body(), "Body\n");
            if text.contains("comment") {
                assert!(written.contains("# a comment"), "{written}");
            }
            let mut newer = link.clone();
            newer.modified = "2026-05-02T10:00:00".into();
            let mut post = reread;
            set_remote_link(&mut post, &newer).expect("rewritten");
            assert_eq!(RemoteLink::of(&Post::parse(&post.to_text())), Some(newer));
        }
    }

    #[test]
    fn a_pulled_post_has_its_fields_in_front_matter() {
        let remote = RemotePost {
            id: 7,
            link: "https://blog.example/notes/".into(),
            status: "draft".into(),
            title: "Notes".into(),
            content: "<p>Hello <a href=\"https://example.org/\">there</a>.</p>".into(),
            excerpt: "Short.".into(),
            slug: "notes".into(),
            date_gmt: Some("2026-03-14T08:30:00".into()),
            modified_gmt: "2026-03-15T08:30:00".into(),
            tags: vec!["a".into()],
            categories: vec!["news".into()],
            featured_image: Some(("https://blog.example/c.png".into(), "Cover".into())),
            ..RemotePost::default()
        };
        for format in [Format::Yaml, Format::Toml, Format::Json] {
            let post = Post::parse(&pulled_post(&remote, "main", format).to_text());
            let metadata = post.metadata();
            assert_eq!(metadata.title, "Notes");
            assert_eq!(metadata.date, "2026-03-14T08:30:00Z");
            assert_eq!(metadata.summary, "Short.");
            assert_eq!(metadata.tags, ["a"]);
            assert_eq!(metadata.cover_alt, "Cover");
            assert!(metadata.draft);
            assert_eq!(post.body(), "Hello [there](https://example.org/).\n");
            let link = RemoteLink::of(&post).expect("the wordpress key");
            assert_eq!(
                (link.id, link.modified.as_str()),
                (7, "2026-03-15T08:30:00")
            );
            let (_, report) = crate::audit::audit_post(&post, &Default::default());
            let again = plan(&post, "main", None, now(), &report);
            assert_eq!(
                again.date,
                Some(RestDate::Utc("2026-03-14T08:30:00".into()))
            );
            assert!(matches!(
                again.featured_image,
                Some((FeaturedSource::Web(_), _))
            ));
        }
    }
}
