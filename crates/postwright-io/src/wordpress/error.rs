//! What can go wrong talking to a blog, in words the author reads. No message ever holds
//! the password.

use std::fmt;

/// A failure talking to a WordPress blog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordPressError {
    /// The address is plain `http://` on another machine: the password would cross the
    /// network readable by anyone on the way.
    InsecureAddress {
        /// The address given.
        url: String,
    },
    /// The address could not be read as a web address.
    BadAddress {
        /// The address given.
        url: String,
    },
    /// The blog refused the user name or Application Password (401).
    WrongPassword {
        /// The user name.
        user: String,
    },
    /// The account's role may not publish; it may submit the post for review instead.
    CannotPublish {
        /// The blog's own message.
        message: String,
    },
    /// The account may not do what was asked (403).
    Forbidden {
        /// The blog's own message.
        message: String,
    },
    /// The blog refused an upload as too large (413, or PHP's upload limit).
    UploadTooLarge {
        /// The file.
        file: String,
    },
    /// The site is WordPress, but a plugin or setting turned its REST API off.
    RestDisabled {
        /// The blog's address.
        url: String,
    },
    /// Nothing at that address answers like WordPress.
    NotWordPress {
        /// The address given.
        url: String,
    },
    /// The secure connection could not be set up (certificate, protocol).
    Tls {
        /// What the TLS library said.
        detail: String,
    },
    /// No answer within the time allowed.
    Timeout {
        /// The address asked.
        url: String,
    },
    /// Nothing listens at that address.
    ConnectionRefused {
        /// The address asked.
        url: String,
    },
    /// No such host name.
    HostNotFound {
        /// The host.
        host: String,
    },
    /// Another network failure.
    Network {
        /// What happened.
        detail: String,
    },
    /// The post or media item is not on the blog (any more).
    NotFound {
        /// What was asked for.
        what: String,
    },
    /// The blog answered with an error the other variants do not cover.
    Refused {
        /// The HTTP status.
        status: u16,
        /// WordPress's error code (`rest_invalid_param`…), if it gave one.
        code: String,
        /// WordPress's message.
        message: String,
    },
    /// The answer could not be read.
    BadAnswer {
        /// What was wrong with it.
        detail: String,
    },
    /// The audit found errors the author has not confirmed.
    UnconfirmedErrors {
        /// How many.
        count: usize,
    },
    /// A local image could not be read.
    ImageUnreadable {
        /// The image's path.
        path: String,
        /// Why.
        detail: String,
    },
    /// The author cancelled.
    Cancelled,
}

impl fmt::Display for WordPressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordPressError::InsecureAddress { url } => write!(
                f,
                "{url:?} is plain http on another machine, so the password would travel \
                 unencrypted; use the blog's https:// address (plain http is allowed only \
                 for this computer: localhost, 127.0.0.1)"
            ),
            WordPressError::BadAddress { url } => write!(
                f,
                "{url:?} is not a web address; give the blog's address, such as \
                 https://blog.example.org"
            ),
            WordPressError::WrongPassword { user } => write!(
                f,
                "the blog did not accept the user {user:?} with this Application Password; \
                 check the user name, and create a new Application Password under Users → \
                 Profile in the blog's admin (the login password does not work here)"
            ),
            WordPressError::CannotPublish { message } => write!(
                f,
                "this account's role may not publish posts ({message}); submit it for review \
                 instead (status pending), and an editor can publish it"
            ),
            WordPressError::Forbidden { message } => {
                write!(f, "the blog does not let this account do that: {message}")
            }
            WordPressError::UploadTooLarge { file } => write!(
                f,
                "the blog refused {file:?} as too large; make the image smaller, or raise the \
                 blog's upload limit"
            ),
            WordPressError::RestDisabled { url } => write!(
                f,
                "{url:?} is a WordPress blog, but its REST API is turned off (often by a \
                 security plugin); allow the REST API for logged-in users, then try again"
            ),
            WordPressError::NotWordPress { url } => write!(
                f,
                "nothing at {url:?} answers like a WordPress blog; check the address (the \
                 blog's home page, such as https://blog.example.org)"
            ),
            WordPressError::Tls { detail } => write!(
                f,
                "a secure connection to the blog could not be made ({detail}); check the \
                 blog's certificate and the computer's clock"
            ),
            WordPressError::Timeout { url } => write!(
                f,
                "the blog did not answer in time ({url:?}); try again later"
            ),
            WordPressError::ConnectionRefused { url } => write!(
                f,
                "nothing answers at {url:?} (the connection was refused); check the address \
                 and that the blog is running"
            ),
            WordPressError::HostNotFound { host } => write!(
                f,
                "no site answers to the name {host:?}; check the spelling of the address"
            ),
            WordPressError::Network { detail } => {
                write!(f, "the blog could not be reached: {detail}")
            }
            WordPressError::NotFound { what } => write!(f, "{what} is not on the blog"),
            WordPressError::Refused {
                status,
                code,
                message,
            } => {
                if code.is_empty() {
                    write!(f, "the blog refused the request ({status}): {message}")
                } else {
                    write!(
                        f,
                        "the blog refused the request ({status}, {code}): {message}"
                    )
                }
            }
            WordPressError::BadAnswer { detail } => {
                write!(f, "the blog's answer could not be read: {detail}")
            }
            WordPressError::UnconfirmedErrors { count } => write!(
                f,
                "the link audit found {count} error{} in the post; fix {}, or confirm {} to \
                 publish anyway",
                if *count == 1 { "" } else { "s" },
                if *count == 1 { "it" } else { "them" },
                if *count == 1 { "it" } else { "each" },
            ),
            WordPressError::ImageUnreadable { path, detail } => write!(
                f,
                "the image {path:?} could not be read ({detail}), so it was not uploaded; put \
                 the file beside the post, or fix the address"
            ),
            WordPressError::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for WordPressError {}
