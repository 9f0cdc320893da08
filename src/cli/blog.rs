//! `postwright blog add|list|remove`: the WordPress blogs Postwright publishes to, and
//! what the commands that talk to them share (the config folder, the client options).

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand};

use super::EXIT_ERRORS;
use postwright_core::wordpress::RemotePost;
use postwright_io::files;
use postwright_io::wordpress::{
    self, Blogs, Client, ClientOptions, Password, Secrets, fetch_everything,
};

/// Arguments of `postwright blog`.
#[derive(Debug, Args)]
pub struct BlogArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: BlogAction,
}

/// The `blog` subcommands.
#[derive(Debug, Subcommand)]
pub enum BlogAction {
    /// Add a blog (or replace one of the same name): finds its REST API, checks the
    /// Application Password and says whose it is and what its role may do.
    #[command(after_help = BLOG_ADD_AFTER_HELP)]
    Add {
        /// The name to call the blog by in `publish --blog NAME`.
        name: String,
        /// The blog's address (https://; plain http only on this computer).
        #[arg(long)]
        url: String,
        /// The user name of the account that publishes.
        #[arg(long)]
        user: String,
        /// Read the Application Password from standard input (required: a password on
        /// the command line would be seen in the process list and the shell's history).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List the blogs.
    List,
    /// Remove a blog and its stored password.
    Remove {
        /// The blog's name.
        name: String,
    },
}

const BLOG_ADD_AFTER_HELP: &str = "Use an Application Password (Users → Profile → \
Application Passwords in the blog's admin), never the login password. It is stored in the \
system keyring, or, where none answers, in a file of the config folder that only you can \
read; the command says which. Set POSTWRIGHT_NO_KEYRING to skip the keyring.";

/// The config folder, or a message saying there is none.
pub(super) fn config_folder() -> Result<PathBuf, String> {
    files::config_dir().ok_or_else(|| {
        "no config folder could be found for this user; set POSTWRIGHT_CONFIG_DIR to a \
         folder Postwright may use"
            .to_owned()
    })
}

/// The password store of the config folder.
fn secrets(config: &std::path::Path) -> Secrets {
    Secrets::new(config)
}

/// How the commands talk to a blog.
fn client_options() -> ClientOptions {
    ClientOptions::default()
}

/// A client for the listed blog `name`, signed in with its stored password.
pub(super) fn connect(name: &str) -> Result<Client, String> {
    let config = config_folder()?;
    wordpress::connect(&config, &secrets(&config), name, &client_options())
        .map(|(_, client)| client)
        .map_err(|error| error.to_string())
}

/// Every post, page and draft of the blog, with progress on standard error.
pub(super) fn fetch_all(client: &Client) -> Result<Vec<RemotePost>, String> {
    fetch_everything(
        client,
        wordpress::PER_PAGE,
        &AtomicBool::new(false),
        &mut |progress| {
            eprintln!("  fetched {} of {}", progress.fetched, progress.total);
        },
    )
    .map_err(|error| error.to_string())
}

/// The exit code of a command that either worked or failed with a message (printed on
/// standard error).
pub(super) fn finish<T>(result: Result<T, String>, code: impl FnOnce(T) -> u8) -> ExitCode {
    match result {
        Ok(value) => ExitCode::from(code(value)),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_ERRORS)
        }
    }
}

/// Runs `postwright blog`.
pub(super) fn run(args: &BlogArgs) -> ExitCode {
    finish(run_action(&args.action), |()| 0)
}

fn run_action(action: &BlogAction) -> Result<(), String> {
    let config = config_folder()?;
    let secrets = secrets(&config);
    match action {
        BlogAction::Add {
            name,
            url,
            user,
            password_stdin: _,
        } => {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .map_err(|error| {
                    format!("the password could not be read from standard input: {error}")
                })?;
            let password = Password::new(&input);
            if password.is_empty() {
                return Err(
                    "no password on standard input; pipe the Application Password in".to_owned(),
                );
            }
            let added = wordpress::add_blog(
                &config,
                &secrets,
                name,
                url,
                user,
                &password,
                &client_options(),
            )
            .map_err(|error| error.to_string())?;
            println!("added {:?}: {}", added.blog.name, added.blog.url);
            println!("  REST API: {}", added.blog.rest_root);
            println!("  account: {}", added.account.summary());
            println!("  password stored in {}", added.secret);
            Ok(())
        }
        BlogAction::List => {
            let blogs =
                Blogs::load(&wordpress::blogs_file(&config)).map_err(|error| error.to_string())?;
            if blogs.blogs.is_empty() {
                println!(
                    "no blogs yet; add one with `postwright blog add NAME --url URL --user USER --password-stdin`"
                );
            }
            for blog in &blogs.blogs {
                println!("{}\t{}\t{}", blog.name, blog.url, blog.user);
            }
            Ok(())
        }
        BlogAction::Remove { name } => {
            if wordpress::remove_blog(&config, &secrets, name).map_err(|error| error.to_string())? {
                println!("removed {name:?} and its password");
                Ok(())
            } else {
                Err(format!(
                    "there is no blog named {name:?}; `postwright blog list` shows the blogs"
                ))
            }
        }
    }
}
