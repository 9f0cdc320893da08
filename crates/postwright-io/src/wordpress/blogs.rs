//! The blogs the author publishes to (`blogs.json` in the config folder) and their
//! Application Passwords: in the platform's keyring where one answers, otherwise in a
//! file only the owner can read (`blog-passwords.json`, mode 0600). Passwords never go into
//! `blogs.json`, the settings, a post, a log or a message.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A blog the author publishes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blog {
    /// The name the author gave it (`postwright blog add NAME`).
    pub name: String,
    /// The site's address, as given.
    pub url: String,
    /// The user name of the account that publishes.
    pub user: String,
    /// The REST API's root, found when the blog was added (`…/wp-json/` or
    /// `…/?rest_route=/`).
    pub rest_root: String,
}

/// The list of blogs, kept in `blogs.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Blogs {
    /// The blogs, in the order they were added.
    pub blogs: Vec<Blog>,
}

/// A failure reading or writing the blog list or a password.
#[derive(Debug)]
pub enum BlogsError {
    /// A file could not be read or written.
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// No blog of that name.
    UnknownBlog {
        /// The name asked for.
        name: String,
    },
    /// No password is stored for the blog.
    NoPassword {
        /// The blog.
        name: String,
    },
}

impl fmt::Display for BlogsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlogsError::File { path, detail } => write!(f, "{path:?}: {detail}"),
            BlogsError::UnknownBlog { name } => write!(
                f,
                "there is no blog named {name:?}; `postwright blog list` shows the blogs, and \
                 `postwright blog add` adds one"
            ),
            BlogsError::NoPassword { name } => write!(
                f,
                "no Application Password is stored for the blog {name:?}; add the blog again \
                 with `postwright blog add`"
            ),
        }
    }
}

impl std::error::Error for BlogsError {}

/// The blog list's file in the config folder.
pub fn blogs_file(config_folder: &Path) -> PathBuf {
    config_folder.join("blogs.json")
}

impl Blogs {
    /// Reads the list; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<Blogs, BlogsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|error| BlogsError::File {
                path: path.to_owned(),
                detail: format!("not a blog list Postwright can read ({error})"),
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Blogs::default()),
            Err(error) => Err(BlogsError::File {
                path: path.to_owned(),
                detail: error.to_string(),
            }),
        }
    }

    /// Writes the list atomically, creating the folder if needed.
    pub fn save(&self, path: &Path) -> Result<(), BlogsError> {
        let error = |detail: String| BlogsError::File {
            path: path.to_owned(),
            detail,
        };
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| error(e.to_string()))?;
        }
        let json = serde_json::to_string_pretty(self).map_err(|e| error(e.to_string()))?;
        crate::files::save(path, format!("{json}\n").as_bytes())
            .map(|_| ())
            .map_err(|e| error(e.to_string()))
    }

    /// The blog called `name`.
    pub fn find(&self, name: &str) -> Result<&Blog, BlogsError> {
        self.blogs
            .iter()
            .find(|blog| blog.name == name)
            .ok_or_else(|| BlogsError::UnknownBlog {
                name: name.to_owned(),
            })
    }

    /// Adds `blog`, replacing one of the same name.
    pub fn put(&mut self, blog: Blog) {
        match self.blogs.iter_mut().find(|known| known.name == blog.name) {
            Some(known) => *known = blog,
            None => self.blogs.push(blog),
        }
    }

    /// Removes the blog called `name`; false when there was none.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.blogs.len();
        self.blogs.retain(|blog| blog.name != name);
        self.blogs.len() != before
    }
}

/// An Application Password. Its `Debug` shows nothing of it, and it has no `Display`, so
/// it cannot end up in a message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password, trimming the line break a pipe adds.
    pub fn new(text: &str) -> Password {
        Password(text.trim().to_owned())
    }

    /// The password itself, for the `Authorization` header alone.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(hidden)")
    }
}

/// Where a password was stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretPlace {
    /// The platform's keyring (Secret Service, Keychain, Credential Manager).
    Keyring,
    /// A file readable by its owner alone, because no keyring answered.
    File(PathBuf),
}

impl fmt::Display for SecretPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretPlace::Keyring => f.write_str("the system keyring"),
            SecretPlace::File(path) => write!(
                f,
                "{path:?}, readable by you alone (no system keyring answered)"
            ),
        }
    }
}

/// The keyring's service name for Postwright's passwords.
const KEYRING_SERVICE: &str = "Postwright";

/// The password store: the platform's keyring, with an owner-only file as fallback.
#[derive(Clone, Debug)]
pub struct Secrets {
    file: PathBuf,
    use_keyring: bool,
}

impl Secrets {
    /// The store for the config folder. The keyring is tried first unless the environment
    /// variable `POSTWRIGHT_NO_KEYRING` is set (for machines whose keyring misbehaves, and
    /// for tests, which must not touch the author's keyring).
    pub fn new(config_folder: &Path) -> Secrets {
        Secrets {
            file: config_folder.join("blog-passwords.json"),
            use_keyring: std::env::var_os("POSTWRIGHT_NO_KEYRING").is_none(),
        }
    }

    /// The store that never uses the keyring, only the owner-only file.
    pub fn file_only(config_folder: &Path) -> Secrets {
        Secrets {
            use_keyring: false,
            ..Secrets::new(config_folder)
        }
    }

    fn keyring_entry(blog: &str) -> Option<keyring::Entry> {
        keyring::Entry::new(KEYRING_SERVICE, &format!("blog:{blog}")).ok()
    }

    /// Stores the password of `blog`, and says where.
    pub fn store(&self, blog: &str, password: &Password) -> Result<SecretPlace, BlogsError> {
        if self.use_keyring
            && let Some(entry) = Self::keyring_entry(blog)
            && entry.set_password(password.expose()).is_ok()
            && entry.get_password().ok().as_deref() == Some(password.expose())
        {
            // A stale copy in the file must not outlive the keyring's.
            self.write_file_entry(blog, None)?;
            return Ok(SecretPlace::Keyring);
        }
        self.write_file_entry(blog, Some(password))?;
        Ok(SecretPlace::File(self.file.clone()))
    }

    /// The password of `blog`, and where it was found.
    pub fn load(&self, blog: &str) -> Result<(Password, SecretPlace), BlogsError> {
        if let Some(password) = self.read_file()?.get(blog) {
            return Ok((
                Password::new(password),
                SecretPlace::File(self.file.clone()),
            ));
        }
        if self.use_keyring
            && let Some(entry) = Self::keyring_entry(blog)
            && let Ok(password) = entry.get_password()
        {
            return Ok((Password::new(&password), SecretPlace::Keyring));
        }
        Err(BlogsError::NoPassword {
            name: blog.to_owned(),
        })
    }

    /// Forgets the password of `blog`, wherever it is.
    pub fn remove(&self, blog: &str) -> Result<(), BlogsError> {
        if self.use_keyring
            && let Some(entry) = Self::keyring_entry(blog)
        {
            // Nothing there is as good as removed.
            let _ = entry.delete_credential();
        }
        self.write_file_entry(blog, None)
    }

    fn read_file(&self) -> Result<BTreeMap<String, String>, BlogsError> {
        match std::fs::read_to_string(&self.file) {
            Ok(text) => serde_json::from_str(&text).map_err(|_| BlogsError::File {
                path: self.file.clone(),
                detail: "the password file cannot be read; remove it and add the blogs again"
                    .to_owned(),
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(error) => Err(BlogsError::File {
                path: self.file.clone(),
                detail: error.to_string(),
            }),
        }
    }

    /// Sets or removes one entry of the file, which is written beside and renamed into
    /// place, created readable and writable by its owner alone.
    fn write_file_entry(&self, blog: &str, password: Option<&Password>) -> Result<(), BlogsError> {
        let mut entries = self.read_file()?;
        let changed = match password {
            Some(password) => {
                entries.insert(blog.to_owned(), password.expose().to_owned());
                true
            }
            None => entries.remove(blog).is_some(),
        };
        if !changed {
            return Ok(());
        }
        let error = |detail: String| BlogsError::File {
            path: self.file.clone(),
            detail,
        };
        let folder = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).map_err(|e| error(e.to_string()))?;
        let json = serde_json::to_string_pretty(&entries).map_err(|e| error(e.to_string()))?;
        let temporary = self.file.with_extension("json.new");
        let _ = std::fs::remove_file(&temporary);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(&temporary).map_err(|e| error(e.to_string()))?;
        file.write_all(json.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| error(e.to_string()))?;
        drop(file);
        std::fs::rename(&temporary, &self.file).map_err(|e| error(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("postwright-blogs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn passwords_in_a_file_only_the_owner_reads() {
        let dir = scratch("secrets");
        let secrets = Secrets::file_only(&dir);
        let password = Password::new("abcd efgh ijkl mnop qrst uvwx\n");
        let place = secrets.store("main", &password).expect("stored");
        assert_eq!(place, SecretPlace::File(dir.join("blog-passwords.json")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.join("blog-passwords.json"))
                .expect("written")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (loaded, _) = secrets.load("main").expect("loaded");
        assert_eq!(loaded.expose(), "abcd efgh ijkl mnop qrst uvwx");
        assert!(!format!("{loaded:?} {place}").contains("abcd"));
        secrets.remove("main").expect("removed");
        assert!(matches!(
            secrets.load("main"),
            Err(BlogsError::NoPassword { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_blog_list_keeps_no_password() {
        let dir = scratch("list");
        let path = blogs_file(&dir);
        let mut blogs = Blogs::load(&path).expect("empty");
        blogs.put(Blog {
            name: "main".into(),
            url: "https://blog.example".into(),
            user: "ada".into(),
            rest_root: "https://blog.example/wp-json/".into(),
        });
        blogs.save(&path).expect("saved");
        let again = Blogs::load(&path).expect("loaded");
        assert_eq!(again, blogs);
        assert!(again.find("other").is_err());
        assert!(blogs.remove("main"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
