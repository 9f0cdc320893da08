//! The link audit as the window uses it: one pass feeding statistics and links, findings
//! with positions, fixes applied to the body, "new since last save", grouping by domain,
//! and the audit's purity.

use std::path::Path;

use postwright_core::audit::{
    self, AuditOptions, FixKind, LinkCollector, LinkKind, Location, PostFacts, Report, Rule,
    Severity, apply_edits, edit_url, group_by_domain, link_fixes,
};
use postwright_core::markdown;
use postwright_core::post::Post;
use postwright_core::stats::StatsCollector;

fn corpus(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/links")
            .join(name),
    )
    .expect("corpus post")
}

/// Audits a body the way the window does: one pass, two collectors.
fn audit_body(post: &Post, options: &AuditOptions<'_>) -> Report {
    let body = post.body();
    let mut stats = StatsCollector::default();
    let mut links = LinkCollector::new(body);
    for (event, range) in markdown::parser(body).into_offset_iter() {
        stats.event(&event, &range);
        links.event(&event, &range);
    }
    let statistics = stats.finish();
    let facts = PostFacts {
        body,
        metadata: post.metadata(),
        outline: &statistics.outline,
        front_matter_error: None,
    };
    audit::audit(links.finish(), &facts, options)
}

fn rules_of(report: &Report) -> Vec<Rule> {
    report.findings.iter().map(|finding| finding.rule).collect()
}

#[test]
fn the_window_pass_matches_the_convenience_pass() {
    let post = Post::parse(&corpus("hacked-travel.md"));
    let options = AuditOptions::default();
    let window = audit_body(&post, &options);
    let (_, command_line) = audit::audit_post(&post, &options);
    assert_eq!(window, command_line);
}

#[test]
fn findings_point_at_their_source() {
    let text = corpus("hacked-recipe.md");
    let post = Post::parse(&text);
    let report = audit_body(&post, &AuditOptions::default());
    let bare = report
        .findings
        .iter()
        .find(|finding| finding.rule == Rule::BareUrl)
        .expect("bare address found");
    let Location::Body {
        range,
        line,
        column,
    } = &bare.location
    else {
        panic!("{bare:?}");
    };
    assert_eq!(&post.body()[range.clone()], bare.url);
    let file_line = line + post.body_first_line() - 1;
    let source_line = text.lines().nth(file_line - 1).expect("line");
    let at_column: String = source_line.chars().skip(column - 1).take(11).collect();
    assert_eq!(at_column, "http://rx-d");
}

#[test]
fn removing_the_hidden_block_and_the_bare_address_cleans_the_post() {
    let mut post = Post::parse(&corpus("hacked-recipe.md"));
    let report = audit_body(&post, &AuditOptions::default());
    let hidden = report
        .findings
        .iter()
        .find(|finding| finding.rule == Rule::HiddenLink)
        .expect("hidden link");
    let remove_block = hidden
        .fixes
        .iter()
        .find(|fix| fix.kind == FixKind::RemoveHiddenElement)
        .expect("remove-element fix");
    let mut body = post.body().to_owned();
    apply_edits(&mut body, &remove_block.edits).expect("applies");
    assert!(!body.contains("display:none"), "{body}");
    assert!(!body.contains("casino"));
    post.set_body(body);

    let report = audit_body(&post, &AuditOptions::default());
    assert!(!rules_of(&report).contains(&Rule::HiddenLink));
    let bare = report
        .findings
        .iter()
        .find(|finding| finding.rule == Rule::BareUrl)
        .expect("bare address");
    let remove = bare
        .fixes
        .iter()
        .find(|fix| fix.kind == FixKind::RemoveBareUrl)
        .expect("remove fix");
    let mut body = post.body().to_owned();
    apply_edits(&mut body, &remove.edits).expect("applies");
    assert!(
        body.contains("spoon while it is still hot. For cheap pharmacy deals visit and save 80%.")
    );
    post.set_body(body);
    let report = audit_body(&post, &AuditOptions::default());
    assert!(!rules_of(&report).contains(&Rule::BareUrl));
}

#[test]
fn unlink_and_edit_url_on_a_real_post() {
    let post = Post::parse(&corpus("phishing-lookalike.md"));
    let body = post.body();
    let report = audit_body(&post, &AuditOptions::default());
    let index = report
        .links
        .iter()
        .position(|link| link.url.contains("account-verify"))
        .expect("look-alike link");
    let link = &report.links[index];

    let unlink = link_fixes(body, link)
        .into_iter()
        .find(|fix| fix.kind == FixKind::Unlink)
        .expect("unlink");
    let mut unlinked = body.to_owned();
    apply_edits(&mut unlinked, &unlink.edits).expect("applies");
    assert!(unlinked.contains("Check the payment services too: paypal.com lets you add"));

    let edits = edit_url(body, link, "https://www.paypal.com/myaccount/security/").expect("edits");
    let mut edited = body.to_owned();
    apply_edits(&mut edited, &edits).expect("applies");
    assert!(edited.contains("[paypal.com](https://www.paypal.com/myaccount/security/)"));
    let mut fixed = post.clone();
    fixed.set_body(edited);
    let report = audit_body(&fixed, &AuditOptions::default());
    assert!(
        !report
            .findings
            .iter()
            .any(|finding| finding.rule == Rule::TextDomainMismatch
                && finding.text == "paypal.com"),
    );
}

#[test]
fn new_domains_since_the_last_save_stand_out() {
    let mut post = Post::parse(&corpus("legit-rust-roundup.md"));
    let saved = audit_body(&post, &AuditOptions::default()).domains();
    assert!(saved.contains("github.com"), "{saved:?}");
    let options = AuditOptions {
        saved_domains: Some(&saved),
        local_files: None,
    };
    let unchanged = audit_body(&post, &options);
    assert!(!rules_of(&unchanged).contains(&Rule::NewDomain));

    let body = post.body().replacen(
        "March was a good month.",
        "March was a good month, see [our sponsor](https://sponsor.example.net/offer).",
        1,
    );
    post.set_body(body);
    let edited = audit_body(&post, &options);
    let new: Vec<_> = edited
        .findings
        .iter()
        .filter(|finding| finding.rule == Rule::NewDomain)
        .collect();
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0].severity, Severity::Info);
    assert_eq!(new[0].url, "https://sponsor.example.net/offer");
    assert!(new[0].message.contains("sponsor.example.net"));
}

#[test]
fn front_matter_links_are_audited_with_their_field() {
    let post = Post::parse(&corpus("hacked-changelog.md"));
    let report = audit_body(&post, &AuditOptions::default());
    let spam = report
        .findings
        .iter()
        .find(|finding| finding.url.contains("adult-dating"))
        .expect("front-matter spam found");
    assert_eq!(spam.rule, Rule::SpamVocabulary);
    assert_eq!(
        spam.location,
        Location::FrontMatter {
            field: "links[1].url".into()
        }
    );
    assert!(
        report
            .links
            .iter()
            .any(|link| link.kind == LinkKind::FrontMatter && link.text == "Full changelog")
    );
}

#[test]
fn every_link_is_grouped_once_with_its_findings() {
    let post = Post::parse(&corpus("dangerous-embeds.md"));
    let report = audit_body(&post, &AuditOptions::default());
    let groups = group_by_domain(&report);
    let mut listed: Vec<usize> = groups
        .iter()
        .flat_map(|group| group.links.iter().map(|entry| entry.link))
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, (0..report.links.len()).collect::<Vec<_>>());
    let attached: usize = groups
        .iter()
        .flat_map(|group| &group.links)
        .map(|entry| entry.findings.len())
        .sum();
    let about_links = report.findings.iter().filter(|f| f.link.is_some()).count();
    assert_eq!(attached, about_links, "every link finding is in its group");
    assert_eq!(groups[0].worst, Some(Severity::Error));
}

#[test]
fn domains_of_a_post() {
    let post = Post::parse(&corpus("legit-reading-list.md"));
    let report = audit_body(&post, &AuditOptions::default());
    let domains = audit::domains(&report.links);
    for expected in [
        "en.wikipedia.org",
        "bücher.de",
        "bbc.co.uk",
        "geography-club.example.org",
    ] {
        assert!(domains.contains(expected), "{expected} in {domains:?}");
    }
    assert!(!domains.iter().any(|domain| domain.starts_with("www.")));
}

/// The README's rules table lists every rule with the severities the code reports.
#[test]
fn readme_documents_every_rule() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    for rule in Rule::ALL {
        let row = format!("| `{}` | {} |", rule.id(), rule.severities());
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}

/// The findings of a body without front matter, as (rule, severity, message).
fn findings_of(body: &str) -> Vec<(Rule, Severity, String)> {
    let post = Post::parse(body);
    audit_body(&post, &AuditOptions::default())
        .findings
        .into_iter()
        .filter(|finding| finding.link.is_some())
        .map(|finding| (finding.rule, finding.severity, finding.message))
        .collect()
}

fn severity_of(findings: &[(Rule, Severity, String)], rule: Rule) -> Option<Severity> {
    findings
        .iter()
        .find(|(found, _, _)| *found == rule)
        .map(|(_, severity, _)| *severity)
}

#[test]
fn redirects_are_audited_as_their_destination() {
    let found = findings_of(
        "[Great deals](https://l.facebook.com/l.php?u=https%3A%2F%2Fcheap-cialis.example%2Fbuy&h=AT3)\n",
    );
    let (_, severity, message) = found
        .iter()
        .find(|(rule, _, _)| *rule == Rule::SpamVocabulary)
        .expect("spam behind the redirect");
    assert_eq!(*severity, Severity::Warning);
    assert!(
        message.contains("https://cheap-cialis.example/buy"),
        "{message}"
    );
    assert!(message.contains("Facebook's link redirect"), "{message}");
    let (_, severity, message) = found
        .iter()
        .find(|(rule, _, _)| *rule == Rule::WrappedLink)
        .expect("the redirect is named");
    assert_eq!(*severity, Severity::Info);
    assert!(message.contains("l.facebook.com"), "{message}");

    let copied = findings_of(
        "From my search: [the article](https://www.google.com/url?sa=t&url=https%3A%2F%2Fen.wikipedia.org%2Fwiki%2FSildenafil).\n",
    );
    assert_eq!(
        severity_of(&copied, Rule::SpamVocabulary),
        Some(Severity::Info)
    );
    assert_eq!(
        severity_of(&copied, Rule::WrappedLink),
        Some(Severity::Info)
    );
    assert!(
        copied
            .iter()
            .all(|(_, severity, _)| *severity == Severity::Info),
        "{copied:#?}"
    );
}

#[test]
fn link_text_is_compared_with_the_destination_of_a_redirect() {
    let honest =
        findings_of("[paypal.com](https://www.google.com/url?q=https://www.paypal.com/signin)\n");
    assert_eq!(
        severity_of(&honest, Rule::TextDomainMismatch),
        None,
        "{honest:#?}"
    );
    let phishing = findings_of(
        "[paypal.com](https://www.google.com/url?q=https://paypal.com.secure-check.example/)\n",
    );
    assert_eq!(
        severity_of(&phishing, Rule::TextDomainMismatch),
        Some(Severity::Warning)
    );
    let (_, _, message) = phishing
        .iter()
        .find(|(rule, _, _)| *rule == Rule::LookalikeDomain)
        .expect("known domain in front of another");
    assert!(message.contains("secure-check.example"), "{message}");
}

#[test]
fn hosts_that_read_as_another_domain_of_the_post() {
    let found = findings_of(
        "Renew at [the library](https://fernhill-library.org/renew), see \
         [opening hours](https://www.fernhill-library.org/hours) and \
         [your card](https://fernhi1l-library.org/card).\n",
    );
    let lookalikes: Vec<_> = found
        .iter()
        .filter(|(rule, _, _)| *rule == Rule::LookalikeDomain)
        .collect();
    assert_eq!(lookalikes.len(), 1, "{found:#?}");
    assert!(
        lookalikes[0]
            .2
            .contains("fernhi1l-library.org reads like fernhill-library.org")
    );
    assert!(lookalikes[0].2.contains("the digit 1 for the letter l"));
}

#[test]
fn invisible_characters_in_link_text() {
    let found = findings_of("[vi\u{200B}ag\u{200B}ra deals](https://shop.example/)\n");
    let (_, severity, message) = found
        .iter()
        .find(|(rule, _, _)| *rule == Rule::InvisibleCharacters)
        .expect("invisible characters");
    assert_eq!(*severity, Severity::Warning);
    assert!(
        message.contains("2 × zero-width space (U+200B)"),
        "{message}"
    );
    let (_, _, spam) = found
        .iter()
        .find(|(rule, _, _)| *rule == Rule::SpamVocabulary)
        .expect("the word is seen through");
    assert!(spam.contains("\"viagra\""), "{spam}");
    let persian = findings_of("[می\u{200C}خواهم](https://fa.wikipedia.org/)\n");
    assert!(persian.is_empty(), "{persian:#?}");
}

#[test]
fn spam_words_are_weighed() {
    let info = |body: &str| {
        let found = findings_of(body);
        assert_eq!(
            severity_of(&found, Rule::SpamVocabulary),
            Some(Severity::Info),
            "{body}: {found:#?}"
        );
    };
    let warning = |body: &str| {
        let found = findings_of(body);
        assert_eq!(
            severity_of(&found, Rule::SpamVocabulary),
            Some(Severity::Warning),
            "{body}: {found:#?}"
        );
    };
    info("[Casino, New South Wales](https://en.wikipedia.org/wiki/Casino,_New_South_Wales)\n");
    info("[Casino Beef Week](https://casinobeefweek.example/program)\n");
    info("[the club's replica kit](https://shop.fernhill-rovers.example/replica-kit)\n");
    info("[dampak judi online](https://journal.unpad.ac.id/article/dampak-judi-online)\n");
    info("[the sildenafil trial](https://doi.org/10.1000/sildenafil.2019)\n");
    warning("[Slot gacor maxwin](https://sipeg.unpad.ac.id/slot-gacor/)\n");
    warning("[cheap pills](https://shop.example/p)\n");
    warning("<div style=\"display:none\"><a href=\"https://spin.example/\">casino</a></div>\n");
    warning("Visit https://casino-royale-bonus.example/ now.\n");
    let (_, _, message) = findings_of("[Shop](https://shop.example/?kw=cheap+cialis&ref=3)\n")
        .into_iter()
        .find(|(rule, _, _)| *rule == Rule::SpamVocabulary)
        .expect("query");
    assert!(message.contains("the address's query"), "{message}");
}

#[test]
fn site_domains_catch_look_alikes_across_posts() {
    let mut site = audit::KnownDomains::default();
    for _ in 0..3 {
        site.add("members.rowing-club.example", audit::Origin::ThisSite);
    }
    let post = Post::parse("Pay your fees at [the club](https://rovving-club.example/fees).\n");
    let report = audit_body(&post, &AuditOptions::default());
    assert!(!rules_of(&report).contains(&Rule::LookalikeDomain));
    let extra = audit::lookalike_findings(&report, post.body(), &site);
    assert_eq!(extra.len(), 1, "{extra:#?}");
    assert_eq!(extra[0].rule, Rule::LookalikeDomain);
    assert!(
        extra[0].message.contains("rowing-club.example"),
        "{}",
        extra[0].message
    );
    assert!(
        extra[0].message.contains("other posts of this site"),
        "{}",
        extra[0].message
    );
}
