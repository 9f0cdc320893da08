//! The page themes: CSS in `assets/themes/`, inlined into every exported page so the file
//! stands alone. Each theme is the shared layout (`base.css`: measure, spacing, code,
//! tables, footnotes, print) plus its own colours and type.

/// A theme for the exported page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// The name used on the command line and in settings (`paper`).
    pub name: &'static str,
    /// One line for a menu or `--help`.
    pub description: &'static str,
    /// The theme's own CSS, written after the shared layout.
    css: &'static str,
}

impl Theme {
    /// The full stylesheet: shared layout, then the theme.
    pub fn stylesheet(&self) -> String {
        let mut css = String::with_capacity(BASE_CSS.len() + self.css.len() + 1);
        css.push_str(self.css);
        css.push('\n');
        css.push_str(BASE_CSS);
        css
    }
}

const BASE_CSS: &str = include_str!("../../../../assets/themes/base.css");

const THEMES: &[Theme] = &[
    Theme {
        name: "paper",
        description: "a serif reading face on warm paper, like a printed essay",
        css: include_str!("../../../../assets/themes/paper.css"),
    },
    Theme {
        name: "clean",
        description: "the system's sans-serif on white, crisp and compact",
        css: include_str!("../../../../assets/themes/clean.css"),
    },
];

/// The theme used when none is chosen.
pub const DEFAULT_THEME: &str = "paper";

/// Every theme, the default first.
pub fn themes() -> &'static [Theme] {
    THEMES
}

/// The theme called `name` (case does not matter).
pub fn theme(name: &str) -> Option<&'static Theme> {
    THEMES
        .iter()
        .find(|theme| theme.name.eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_styles_the_highlighter_and_print() {
        assert_eq!(themes()[0].name, DEFAULT_THEME);
        assert!(theme("Clean").is_some());
        assert!(theme("nope").is_none());
        for theme in themes() {
            let css = theme.stylesheet();
            for class in [
                "hl-kw", "hl-ty", "hl-str", "hl-num", "hl-lit", "hl-com", "hl-fn", "hl-attr",
                "hl-tag", "hl-ins", "hl-del",
            ] {
                assert!(
                    css.contains(&format!(".{class}")),
                    "{} lacks {class}",
                    theme.name
                );
            }
            assert!(css.contains("@media print"), "{}", theme.name);
            assert!(css.contains("prefers-color-scheme: dark"), "{}", theme.name);
            assert!(!css.contains("</style"), "{}", theme.name);
        }
    }
}
