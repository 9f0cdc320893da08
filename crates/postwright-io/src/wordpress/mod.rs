//! Publishing to WordPress and reading a blog back, over its REST API with an Application
//! Password.
//!
//! # What the window (and the command line) call
//!
//! - Blogs: [`Blogs`] (`blogs.json`: name, address, user, REST root), [`Secrets`] (the
//!   password in the platform's keyring, or an owner-only file; [`SecretPlace`] says
//!   which), and [`add_blog`], which finds the REST root ([`discover`]), checks the
//!   password against `/wp/v2/users/me` and tells the [`Account`]'s name and what its role
//!   may do. [`connect`] gives a [`Client`] for a listed blog.
//! - Publish: compute the dialog's content with [`postwright_core::wordpress::plan`], then
//!   run [`publish`] on a thread with a progress callback and an `AtomicBool` to cancel.
//!   It returns [`PublishOutcome::Published`] (write its link into the post with
//!   [`postwright_core::wordpress::set_remote_link`]), or
//!   [`PublishOutcome::RemoteChanged`] (ask: overwrite, open the blog's version, or
//!   cancel), or a [`PublishFailure`] that says what is already on the blog. Uploads are
//!   remembered in [`MediaMemory`], so a retry reuses them.
//! - Open from the blog: [`Client::list`] (paged, searched, by status), [`Client::fetch`],
//!   then [`postwright_core::wordpress::pulled_post`].
//! - Audit the blog: [`fetch_everything`], then the link audit of each pulled post.
//!
//! Every request has a timeout; plain `http://` is refused except on this computer
//! ([`check_address`]); errors are [`WordPressError`]s in words, and no message, log or
//! `Debug` output holds the password.

mod blogs;
mod client;
mod error;
mod fetch;
mod publish;

use std::fmt;
use std::path::{Path, PathBuf};

pub use blogs::{Blog, Blogs, BlogsError, Password, SecretPlace, Secrets, blogs_file};
pub use client::{
    Account, Client, ClientOptions, ListPage, ListQuery, Media, Taxonomy, check_address, discover,
    remote_post,
};
pub use error::WordPressError;
pub use fetch::{FetchProgress, PER_PAGE, fetch_everything};
pub use publish::{
    MediaMemory, PublishFailure, PublishInput, PublishOutcome, PublishProgress, PublishStep,
    Published, RememberedMedia, content_hash, media_memory_file, publish,
};

/// A failure adding or reaching a listed blog.
#[derive(Debug)]
pub enum BlogError {
    /// The blog list or the password store.
    Blogs(BlogsError),
    /// The blog itself.
    WordPress(WordPressError),
}

impl fmt::Display for BlogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlogError::Blogs(error) => error.fmt(f),
            BlogError::WordPress(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for BlogError {}

impl From<BlogsError> for BlogError {
    fn from(error: BlogsError) -> Self {
        BlogError::Blogs(error)
    }
}

impl From<WordPressError> for BlogError {
    fn from(error: WordPressError) -> Self {
        BlogError::WordPress(error)
    }
}

/// A blog just added: what was stored, who the account is, and where the password went.
#[derive(Clone, Debug)]
pub struct AddedBlog {
    /// The blog as listed.
    pub blog: Blog,
    /// The account the password belongs to.
    pub account: Account,
    /// Where the password was stored.
    pub secret: SecretPlace,
}

/// Adds (or replaces) the blog `name` in the config folder's list: finds its REST root,
/// checks the Application Password, then stores the blog and the password. Nothing is
/// stored when a check fails.
pub fn add_blog(
    config_folder: &Path,
    secrets: &Secrets,
    name: &str,
    url: &str,
    user: &str,
    password: &Password,
    options: &ClientOptions,
) -> Result<AddedBlog, BlogError> {
    let rest_root = discover(url, options)?;
    let blog = Blog {
        name: name.to_owned(),
        url: url.trim().to_owned(),
        user: user.to_owned(),
        rest_root,
    };
    let account = Client::new(&blog, password, options)?.account()?;
    let path = blogs_file(config_folder);
    let mut blogs = Blogs::load(&path)?;
    let secret = secrets.store(name, password)?;
    blogs.put(blog.clone());
    blogs.save(&path)?;
    Ok(AddedBlog {
        blog,
        account,
        secret,
    })
}

/// Removes the blog `name` and its password; false when there was no such blog.
pub fn remove_blog(config_folder: &Path, secrets: &Secrets, name: &str) -> Result<bool, BlogError> {
    let path = blogs_file(config_folder);
    let mut blogs = Blogs::load(&path)?;
    let removed = blogs.remove(name);
    secrets.remove(name)?;
    if removed {
        blogs.save(&path)?;
    }
    Ok(removed)
}

/// The listed blog `name` and a client signed in with its stored password.
pub fn connect(
    config_folder: &Path,
    secrets: &Secrets,
    name: &str,
    options: &ClientOptions,
) -> Result<(Blog, Client), BlogError> {
    let blogs = Blogs::load(&blogs_file(config_folder))?;
    let blog = blogs.find(name)?.clone();
    let (password, _) = secrets.load(name)?;
    let client = Client::new(&blog, &password, options)?;
    Ok((blog, client))
}

/// Writes a pulled post as `file_name` in `folder` (created if needed), never replacing a
/// file that is there already.
pub fn save_pulled(folder: &Path, file_name: &str, text: &str) -> Result<PathBuf, BlogsError> {
    use std::io::Write as _;
    let path = folder.join(file_name);
    let error = |detail: String| BlogsError::File {
        path: path.clone(),
        detail,
    };
    std::fs::create_dir_all(folder).map_err(|e| error(e.to_string()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                error(
                    "a file of that name is there already, and was left as it is; pull into \
                     another folder, or move it away first"
                        .to_owned(),
                )
            } else {
                error(e.to_string())
            }
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| error(e.to_string()))?;
    Ok(path)
}
