//! Which dictionary checks a post: language tags (`en-GB`, `de`, `en_GB.UTF-8`), the names
//! Hunspell dictionaries go by (`en_GB`, `de_DE_frami`), and the choice between them.
//!
//! The language asked for is the post's `lang`, else the author's setting, else the
//! system locale, else English. A request names a language and perhaps a region: `de`
//! takes any German dictionary (de_DE first), `en-GB` takes en_GB, or failing that another
//! English one, said so in [`Choice::Use::exact`]. A language with no dictionary at all is
//! [`Choice::NoDictionary`]: the window says so once and checks nothing.

use std::fmt;

/// A language and, if given, a region: `en-GB`, `de`. Written with a hyphen
/// (`Display`), read from either spelling and from locale strings (`en_GB.UTF-8@euro`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag {
    /// The language, lower case: `en`, `de`, `pt`.
    pub language: String,
    /// The region, upper case: `GB`, `DE`, `BR`.
    pub region: Option<String>,
}

impl LanguageTag {
    /// Reads a language tag or locale name: `en-GB`, `en_gb`, `de`, `sr-Latn-RS` (the
    /// script is passed over), `pt_BR.UTF-8`, `ca_ES@valencia`. `None` for text that names
    /// no language, such as the `C` and `POSIX` locales or an empty string.
    pub fn parse(text: &str) -> Option<Self> {
        // A locale's encoding (`.UTF-8`) and modifier (`@euro`) say nothing of the language.
        let text = text.split(['.', '@']).next().unwrap_or_default().trim();
        let mut parts = text.split(['-', '_']);
        let language = parts.next()?;
        let letters = |part: &str| part.bytes().all(|byte| byte.is_ascii_alphabetic());
        if !(2..=3).contains(&language.len()) || !letters(language) {
            return None;
        }
        let region = parts
            .find(|part| {
                (part.len() == 2 && letters(part))
                    || (part.len() == 3 && part.bytes().all(|byte| byte.is_ascii_digit()))
            })
            .map(str::to_ascii_uppercase);
        Some(Self {
            language: language.to_ascii_lowercase(),
            region,
        })
    }

    /// The region this language's dictionary usually comes in when a post names none:
    /// `en` → `US`, `sv` → `SE`, otherwise the language itself in capitals (`de` → `DE`).
    fn usual_region(&self) -> String {
        USUAL_REGIONS
            .iter()
            .find(|(language, _)| *language == self.language)
            .map_or_else(
                || self.language.to_ascii_uppercase(),
                |(_, region)| (*region).to_owned(),
            )
    }

    /// The region to try first when this tag's own region has no dictionary: en_GB for
    /// the English of the Commonwealth, otherwise the language's usual one.
    fn nearest_region(&self) -> String {
        match self.region.as_deref() {
            Some(region) if self.language == "en" && BRITISH_SPELLING.contains(&region) => {
                "GB".to_owned()
            }
            _ => self.usual_region(),
        }
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.language)?;
        if let Some(region) = &self.region {
            write!(f, "-{region}")?;
        }
        Ok(())
    }
}

/// Languages whose usual region is not the language code in capitals.
const USUAL_REGIONS: &[(&str, &str)] = &[
    ("en", "US"),
    ("sv", "SE"),
    ("da", "DK"),
    ("nb", "NO"),
    ("nn", "NO"),
    ("el", "GR"),
    ("cs", "CZ"),
    ("uk", "UA"),
    ("sl", "SI"),
    ("et", "EE"),
    ("ca", "ES"),
    ("ga", "IE"),
    ("he", "IL"),
    ("ko", "KR"),
    ("vi", "VN"),
];

/// Regions whose English follows British spelling, checked with en_GB when they have no
/// dictionary of their own.
const BRITISH_SPELLING: &[&str] = &["AU", "NZ", "IE", "ZA", "IN", "GB", "UK", "MT", "SG"];

/// A dictionary by name, as its files are called (`en_GB.aff`, `de_DE_frami.dic`), with
/// the language that name gives.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DictionaryId {
    /// The file name without extension: `en_GB`.
    pub name: String,
    /// The language read from it.
    pub language: LanguageTag,
}

impl DictionaryId {
    /// The dictionary named `name` (a file stem), or `None` if the name gives no language
    /// (`hyph_en_US` and other files that share the folders).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(Self {
            name: name.to_owned(),
            language: LanguageTag::parse(name)?,
        })
    }

    /// Whether the name is exactly language and region (`de_DE`), not a variant
    /// (`de_DE_frami`): the plain one is preferred when both are installed.
    fn is_plain(&self) -> bool {
        let plain = match &self.language.region {
            Some(region) => format!("{}_{region}", self.language.language),
            None => self.language.language.clone(),
        };
        self.name.eq_ignore_ascii_case(&plain) || self.name.replace('-', "_") == plain
    }
}

/// Where the language asked for came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanguageSource {
    /// The post's `lang` (or `language`) field.
    Post,
    /// The author's setting.
    Setting,
    /// The system's locale.
    Locale,
    /// Nothing named a language: English.
    Default,
}

/// What names a language for checking, most binding first. Empty strings and texts that
/// name no language (`C`, `POSIX`) count as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LanguageRequest {
    /// The post's `lang`, or a language forced on the command line.
    pub post: Option<String>,
    /// The author's setting.
    pub setting: Option<String>,
    /// The system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), found by the I/O layer.
    pub locale: Option<String>,
}

/// The language checking follows, and where that came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requested {
    /// The language.
    pub language: LanguageTag,
    /// Who asked for it.
    pub source: LanguageSource,
    /// The text that named it (`en-GB`), for messages; `en-US` for the default.
    pub written: String,
}

impl LanguageRequest {
    /// The language that decides: the first of post, setting and locale that names one,
    /// else US English.
    pub fn resolve(&self) -> Requested {
        let sources = [
            (&self.post, LanguageSource::Post),
            (&self.setting, LanguageSource::Setting),
            (&self.locale, LanguageSource::Locale),
        ];
        for (text, source) in sources {
            // A `lang` that names no language ("", "C") falls through; one that names a
            // language we have no dictionary for ("xx") does not.
            if let Some(text) = text.as_deref()
                && let Some(language) = LanguageTag::parse(text)
            {
                return Requested {
                    language,
                    source,
                    written: text.trim().to_owned(),
                };
            }
        }
        Requested {
            language: LanguageTag {
                language: "en".to_owned(),
                region: Some("US".to_owned()),
            },
            source: LanguageSource::Default,
            written: "en-US".to_owned(),
        }
    }
}

/// Which dictionary to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Check with `available[index]`.
    Use {
        /// The index into the list given to [`choose`].
        index: usize,
        /// What was asked for.
        requested: Requested,
        /// Whether the dictionary is of the region asked for (or the request named no
        /// region); `false` for an en-AU post checked with en_GB.
        exact: bool,
    },
    /// No dictionary of the language asked for is installed.
    NoDictionary {
        /// What was asked for.
        requested: Requested,
    },
}

impl Choice {
    /// What was asked for.
    pub fn requested(&self) -> &Requested {
        match self {
            Choice::Use { requested, .. } | Choice::NoDictionary { requested } => requested,
        }
    }
}

/// Chooses among `available` (in order of preference: the author's own folder first, the
/// bundled dictionary last) for `request`. Within a language, the region asked for wins,
/// then the language's usual or nearest region, then any; a plain name (`de_DE`) beats a
/// variant (`de_DE_frami`); otherwise the first listed.
pub fn choose(available: &[DictionaryId], request: &LanguageRequest) -> Choice {
    let requested = request.resolve();
    let wanted = &requested.language;
    let same_language = || {
        available
            .iter()
            .enumerate()
            .filter(|(_, id)| id.language.language == wanted.language)
    };
    let best_of_region = |region: &str| {
        let mut found =
            same_language().filter(|(_, id)| id.language.region.as_deref() == Some(region));
        let first = found.next()?;
        Some(
            std::iter::once(first)
                .chain(found)
                .find(|(_, id)| id.is_plain())
                .unwrap_or(first)
                .0,
        )
    };
    let own = match &wanted.region {
        Some(region) => best_of_region(region),
        None => best_of_region(&wanted.usual_region())
            .or_else(|| {
                same_language()
                    .find(|(_, id)| id.language.region.is_none())
                    .map(|(index, _)| index)
            })
            .or_else(|| same_language().next().map(|(index, _)| index)),
    };
    if let Some(index) = own {
        return Choice::Use {
            index,
            requested,
            exact: true,
        };
    }
    let nearest = best_of_region(&wanted.nearest_region())
        .or_else(|| same_language().next().map(|(index, _)| index));
    match nearest {
        Some(index) => Choice::Use {
            index,
            requested,
            exact: false,
        },
        None => Choice::NoDictionary { requested },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Option<String> {
        LanguageTag::parse(text).map(|tag| tag.to_string())
    }

    #[test]
    fn tags_and_locales_are_read() {
        assert_eq!(tag("en-GB").as_deref(), Some("en-GB"));
        assert_eq!(tag("en_gb").as_deref(), Some("en-GB"));
        assert_eq!(tag("DE").as_deref(), Some("de"));
        assert_eq!(tag("pt_BR.UTF-8").as_deref(), Some("pt-BR"));
        assert_eq!(tag("ca_ES@valencia").as_deref(), Some("ca-ES"));
        assert_eq!(tag("sr-Latn-RS").as_deref(), Some("sr-RS"));
        assert_eq!(tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(tag("de_DE_frami").as_deref(), Some("de-DE"));
        assert_eq!(tag("xx").as_deref(), Some("xx"));
        for none in ["", "C", "POSIX", "C.UTF-8", "english", "hyph_en_US", "1"] {
            assert_eq!(tag(none), None, "{none:?}");
        }
    }

    fn ids(names: &[&str]) -> Vec<DictionaryId> {
        names
            .iter()
            .map(|name| DictionaryId::from_name(name).expect("a dictionary name"))
            .collect()
    }

    fn chosen(available: &[DictionaryId], post: &str) -> Option<(String, bool)> {
        let request = LanguageRequest {
            post: Some(post.to_owned()),
            ..LanguageRequest::default()
        };
        match choose(available, &request) {
            Choice::Use { index, exact, .. } => Some((available[index].name.clone(), exact)),
            Choice::NoDictionary { .. } => None,
        }
    }

    #[test]
    fn the_region_asked_for_wins_then_the_nearest() {
        let available = ids(&["en_US", "de_DE_frami", "de_DE", "de_AT", "en_GB", "fr"]);
        let pick = |post| chosen(&available, post);
        assert_eq!(pick("en-GB"), Some(("en_GB".into(), true)));
        assert_eq!(pick("en-us"), Some(("en_US".into(), true)));
        assert_eq!(pick("en"), Some(("en_US".into(), true)));
        assert_eq!(
            pick("de"),
            Some(("de_DE".into(), true)),
            "plain beats variant"
        );
        assert_eq!(pick("de-AT"), Some(("de_AT".into(), true)));
        assert_eq!(pick("de-CH"), Some(("de_DE".into(), false)));
        assert_eq!(pick("en-AU"), Some(("en_GB".into(), false)));
        assert_eq!(pick("en-CA"), Some(("en_US".into(), false)));
        assert_eq!(pick("fr-CA"), Some(("fr".into(), false)));
        assert_eq!(pick("fr"), Some(("fr".into(), true)));
        assert_eq!(pick("xx"), None);
        assert_eq!(pick("nl"), None);
        let only_american = ids(&["en_US"]);
        assert_eq!(
            chosen(&only_american, "en-GB"),
            Some(("en_US".into(), false))
        );
    }

    #[test]
    fn the_first_listed_wins_among_equals() {
        let available = ids(&["en_GB", "en-GB", "en_GB"]);
        assert_eq!(chosen(&available, "en-GB"), Some(("en_GB".into(), true)));
        match choose(
            &available,
            &LanguageRequest {
                post: Some("en-GB".into()),
                ..LanguageRequest::default()
            },
        ) {
            Choice::Use { index, .. } => assert_eq!(index, 0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_post_then_the_setting_then_the_locale_decide() {
        let request = |post: Option<&str>, setting: Option<&str>, locale: Option<&str>| {
            let resolved = LanguageRequest {
                post: post.map(str::to_owned),
                setting: setting.map(str::to_owned),
                locale: locale.map(str::to_owned),
            }
            .resolve();
            (resolved.language.to_string(), resolved.source)
        };
        use LanguageSource::*;
        assert_eq!(
            request(Some("fr"), Some("de"), Some("nl_NL.UTF-8")),
            ("fr".into(), Post)
        );
        assert_eq!(
            request(Some(""), Some("de"), Some("nl_NL.UTF-8")),
            ("de".into(), Setting)
        );
        assert_eq!(
            request(None, None, Some("nl_NL.UTF-8")),
            ("nl-NL".into(), Locale)
        );
        assert_eq!(
            request(None, None, Some("C.UTF-8")),
            ("en-US".into(), Default)
        );
        assert_eq!(request(Some("xx"), Some("de"), None), ("xx".into(), Post));
    }
}
