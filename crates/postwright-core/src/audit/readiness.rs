//! Publish readiness: what a post needs before it goes out (title, author, date, a summary
//! of a useful length, alt text for the cover, a language tag that is one) and what its
//! outline should not have (skipped heading levels, a second H1). A draft still marked as
//! one is reported too.

use super::{Finding, LineIndex, Location, PostFacts, Rule, Severity};
use crate::metadata::{self, PostDate};

/// The summary length search engines and feed readers show whole, in characters.
pub const SUMMARY_CHARACTERS: std::ops::RangeInclusive<usize> = 50..=160;

/// The readiness findings for a post.
pub(crate) fn findings(post: &PostFacts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut push = |rule: Rule, location: Location, message: String| {
        findings.push(Finding {
            rule,
            severity: if rule == Rule::FrontMatterError {
                Severity::Error
            } else {
                Severity::Warning
            },
            message,
            url: String::new(),
            text: String::new(),
            location,
            link: None,
            fixes: Vec::new(),
        });
    };
    let field = |name: &str| Location::FrontMatter {
        field: name.to_owned(),
    };
    if let Some(error) = post.front_matter_error {
        push(
            Rule::FrontMatterError,
            Location::Post,
            format!(
                "{}. Until it is fixed, the title, date and other metadata cannot be read.",
                error.trim_end_matches('.')
            ),
        );
    }
    let metadata = post.metadata;
    // A front matter that cannot be read says nothing about what it holds.
    let metadata_read = post.front_matter_error.is_none();
    if metadata_read {
        if metadata.title.trim().is_empty() {
            push(
                Rule::MissingTitle,
                field("title"),
                "The post has no title in its front matter; listings, feeds and search results \
                 need one."
                    .to_owned(),
            );
        }
        if metadata.author.name.trim().is_empty() {
            push(
                Rule::MissingAuthor,
                field("author"),
                "The post names no author; readers and feeds show a byline.".to_owned(),
            );
        }
        if metadata.date.trim().is_empty() {
            push(
                Rule::MissingDate,
                field("date"),
                "The post has no date; readers who find it years later need one.".to_owned(),
            );
        } else if let Err(why) = PostDate::parse(&metadata.date) {
            push(Rule::MissingDate, field("date"), why.to_string());
        }
        let summary_characters = metadata.summary.trim().chars().count();
        if !SUMMARY_CHARACTERS.contains(&summary_characters) {
            let message = if summary_characters == 0 {
                "The post has no summary; listings and search results will pick a sentence \
                 themselves. Write one of 50 to 160 characters."
                    .to_owned()
            } else if summary_characters < *SUMMARY_CHARACTERS.start() {
                format!(
                    "The summary has {summary_characters} characters; 50 to 160 tell readers \
                     enough to decide."
                )
            } else {
                format!(
                    "The summary has {summary_characters} characters; search results cut it \
                     after about 160."
                )
            };
            push(Rule::SummaryLength, field("summary"), message);
        }
        let language = metadata.language.trim();
        if !language.is_empty()
            && metadata::language_tag(language).is_none()
            && let Err(how) = metadata::validate_language(language)
        {
            push(
                Rule::InvalidLanguage,
                field("lang"),
                format!(
                    "{language:?} is not a language tag, so the page tells browsers, screen \
                     readers and search engines nothing they can use about its language: {how}."
                ),
            );
        }
        if !metadata.cover_image.trim().is_empty() && metadata.cover_alt.trim().is_empty() {
            push(
                Rule::CoverMissingAlt,
                field("cover_alt"),
                "The cover image has no alt text; describe what it shows for readers who cannot \
                 see it."
                    .to_owned(),
            );
        }
        if metadata.draft {
            push(
                Rule::Draft,
                field("draft"),
                "The post is still marked as a draft, so the site will not publish it.".to_owned(),
            );
        }
    }
    // Built only if a heading has something to report.
    let mut lines: Option<LineIndex<'_>> = None;
    let titled = metadata_read && !metadata.title.trim().is_empty();
    // The page's title is its H1, so the body's headings start below it.
    let mut previous_level = if titled { 1 } else { 0 };
    for heading in post.outline {
        let h1_in_body = heading.level == 1 && titled;
        let skipped = previous_level > 0 && heading.level > previous_level + 1;
        if !h1_in_body && !skipped {
            previous_level = heading.level;
            continue;
        }
        let location = lines
            .get_or_insert_with(|| LineIndex::new(post.body))
            .location(heading.range.clone());
        if h1_in_body {
            push(
                Rule::H1InBody,
                location.clone(),
                format!(
                    "\"{}\" is a level-one heading, but the title is already the page's H1. \
                     Start sections at level two (##).",
                    heading.text
                ),
            );
        }
        if skipped {
            push(
                Rule::SkippedHeadingLevel,
                location,
                format!(
                    "\"{}\" is a level-{} heading right after level {}; screen reader users \
                     navigate by level, so go down one level at a time.",
                    heading.text, heading.level, previous_level
                ),
            );
        }
        previous_level = heading.level;
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::{Author, Metadata};
    use crate::stats;

    fn rules(metadata: &Metadata, body: &str) -> Vec<Rule> {
        let statistics = stats::analyze(body);
        let facts = PostFacts {
            body,
            metadata,
            outline: &statistics.outline,
            front_matter_error: None,
        };
        findings(&facts).into_iter().map(|f| f.rule).collect()
    }

    fn ready() -> Metadata {
        Metadata {
            title: "A title".into(),
            author: Author {
                name: "Ada".into(),
                ..Author::default()
            },
            date: "2026-03-14".into(),
            summary: "A summary long enough to say what the post is about, and why.".into(),
            ..Metadata::default()
        }
    }

    #[test]
    fn a_ready_post_has_no_findings() {
        assert_eq!(rules(&ready(), "## One\n\n### Two\n\n## Three\n"), []);
    }

    #[test]
    fn missing_metadata() {
        assert_eq!(
            rules(&Metadata::default(), "Text\n"),
            [
                Rule::MissingTitle,
                Rule::MissingAuthor,
                Rule::MissingDate,
                Rule::SummaryLength
            ]
        );
        let mut bad_date = ready();
        bad_date.date = "next Tuesday".into();
        bad_date.summary = "Short.".into();
        bad_date.cover_image = "cover.png".into();
        bad_date.draft = true;
        assert_eq!(
            rules(&bad_date, ""),
            [
                Rule::MissingDate,
                Rule::SummaryLength,
                Rule::CoverMissingAlt,
                Rule::Draft
            ]
        );
    }

    #[test]
    fn language_tags() {
        for good in ["en", "no", "pt-BR", "zh-Hant"] {
            let tagged = Metadata {
                language: good.into(),
                ..ready()
            };
            assert_eq!(rules(&tagged, ""), [], "{good}");
        }
        for bad in ["English", "en-", "false"] {
            let tagged = Metadata {
                language: bad.into(),
                ..ready()
            };
            assert_eq!(rules(&tagged, ""), [Rule::InvalidLanguage], "{bad}");
        }
        let statistics = stats::analyze("");
        let jekyll_locale = Metadata {
            language: "en_GB".into(),
            ..ready()
        };
        assert_eq!(rules(&jekyll_locale, ""), [], "a locale means its tag");
        let metadata = Metadata {
            language: "British".into(),
            ..ready()
        };
        let facts = PostFacts {
            body: "",
            metadata: &metadata,
            outline: &statistics.outline,
            front_matter_error: None,
        };
        let found = findings(&facts);
        assert_eq!(
            found[0].location,
            Location::FrontMatter {
                field: "lang".into()
            }
        );
        assert!(
            found[0]
                .message
                .contains("\"British\" is not a language tag"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn unreadable_front_matter_is_one_error() {
        let statistics = stats::analyze("Body\n");
        let facts = PostFacts {
            body: "Body\n",
            metadata: &Metadata::default(),
            outline: &statistics.outline,
            front_matter_error: Some("YAML front matter, line 3: bad."),
        };
        let found = findings(&facts);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].rule, Rule::FrontMatterError);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(
            found[0]
                .message
                .starts_with("YAML front matter, line 3: bad. Until")
        );
    }

    #[test]
    fn outline_rules() {
        assert_eq!(
            rules(&ready(), "# Again the title\n\n## A\n\n#### Skipped\n"),
            [Rule::H1InBody, Rule::SkippedHeadingLevel]
        );
        assert_eq!(
            rules(&ready(), "### Starts too deep\n"),
            [Rule::SkippedHeadingLevel]
        );
        let untitled = Metadata {
            title: String::new(),
            ..ready()
        };
        assert_eq!(
            rules(&untitled, "# Title in the body\n\n## Section\n"),
            [Rule::MissingTitle]
        );
    }
}
