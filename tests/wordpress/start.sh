#!/usr/bin/env bash
# Starts a throwaway WordPress on 127.0.0.1 for the publishing tests.
#
#   start.sh DATA_DIR PORT [WATCH_PID]
#
# Everything lives in DATA_DIR (which must be empty or absent) and listens on loopback
# only: MariaDB on a unix socket with networking off, and PHP's built-in server on
# 127.0.0.1:PORT. WordPress is installed from Debian's `wordpress` package (see .ci/deps)
# with an Administrator and an Author account, each with an Application Password, and
# every outbound request of WordPress blocked. Prints KEY=value lines on standard output.
# With WATCH_PID, a watchdog stops the instance once that process is gone, so a test run
# that ends in any way leaves nothing running. Stop it by hand with stop.sh DATA_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${1:?usage: start.sh DATA_DIR PORT [WATCH_PID]}"
port="${2:?usage: start.sh DATA_DIR PORT [WATCH_PID]}"
watch_pid="${3:-}"

fail() { echo "start.sh: $*" >&2; exit 1; }

for command in mariadbd mariadb-install-db mariadb-admin mariadb php; do
  command -v "$command" >/dev/null || fail "$command is missing; run .ci/deps to install WordPress, MariaDB and PHP"
done
[ -f /usr/share/wordpress/wp-settings.php ] || fail "Debian's wordpress package is missing; run .ci/deps"

mkdir -p "$data"
data="$(cd "$data" && pwd)"
[ -z "$(ls -A "$data")" ] || fail "$data is not empty"
touch "$data/.postwright-wordpress"
started_ok=0
cleanup() { [ "$started_ok" = 1 ] || bash "$here/stop.sh" "$data" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# A unix socket path may hold at most 107 bytes, so the socket lives in a short folder.
socket_dir="$(mktemp -d -t pw-wp.XXXXXX)"
echo "$socket_dir" > "$data/socket-dir"
socket="$socket_dir/mysqld.sock"
site="$data/site"
url="http://127.0.0.1:$port"

# MariaDB: its own data folder, no TCP port.
cat > "$data/my.cnf" <<CNF
[mysqld]
datadir=$data/db
socket=$socket
pid-file=$data/mariadbd.pid
log-error=$data/mariadbd.log
user=$(id -un)
skip-networking
skip-name-resolve
skip-log-bin
performance_schema=OFF
innodb_buffer_pool_size=32M
innodb_log_file_size=8M
innodb_flush_log_at_trx_commit=2
innodb_doublewrite=0
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
CNF
mariadb-install-db --defaults-file="$data/my.cnf" --auth-root-authentication-method=socket \
  --skip-test-db >"$data/install-db.log" 2>&1 || fail "mariadb-install-db failed; see $data/install-db.log"
setsid mariadbd --defaults-file="$data/my.cnf" </dev/null >>"$data/mariadbd.out" 2>&1 &
echo $! > "$data/mariadbd.launched"

# WordPress: core files linked from the package, wp-content and wp-config.php our own.
cp -al /usr/share/wordpress "$site" 2>/dev/null || { rm -rf "$site"; cp -a /usr/share/wordpress "$site"; }
rm -rf "$site/wp-content" "$site/wp-config.php" "$site/.htaccess"
cp -a /usr/share/wordpress/wp-content "$site/wp-content"
mkdir -p "$site/wp-content/uploads" "$site/wp-content/mu-plugins"
key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
cat > "$site/wp-config.php" <<PHP
<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', 'wordpress' );
define( 'DB_HOST', 'localhost:$socket' );
define( 'DB_CHARSET', 'utf8mb4' );
\$table_prefix = 'wp_';
define( 'AUTH_KEY', '$(key)' );
define( 'SECURE_AUTH_KEY', '$(key)' );
define( 'LOGGED_IN_KEY', '$(key)' );
define( 'NONCE_KEY', '$(key)' );
define( 'AUTH_SALT', '$(key)' );
define( 'SECURE_AUTH_SALT', '$(key)' );
define( 'LOGGED_IN_SALT', '$(key)' );
define( 'NONCE_SALT', '$(key)' );
define( 'WP_HOME', '$url' );
define( 'WP_SITEURL', '$url' );
// Application Passwords work over plain http only on a 'local' site.
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISALLOW_FILE_MODS', true );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '$data/debug.log' );
if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }
require_once ABSPATH . 'wp-settings.php';
PHP
cat > "$site/wp-content/mu-plugins/test-instance.php" <<'PHP'
<?php
// A test instance: no mail, Application Passwords over http, no request to any other host.
add_filter( 'pre_wp_mail', '__return_true' );
add_filter( 'wp_is_application_passwords_available', '__return_true' );
add_filter( 'pre_http_request', function ( $answer, $args, $url ) {
	$host = strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) );
	if ( in_array( $host, array( '127.0.0.1', 'localhost' ), true ) ) {
		return $answer;
	}
	return new WP_Error( 'http_request_blocked', 'no outbound requests from a test instance' );
}, 1, 3 );
// What a security plugin that turns the REST API off answers, for clients whose
// User-Agent asks for it (the tests of that message).
add_filter( 'rest_authentication_errors', function ( $result ) {
	if ( false !== strpos( (string) ( $_SERVER['HTTP_USER_AGENT'] ?? '' ), 'rest-turned-off' ) ) {
		return new WP_Error( 'rest_disabled', 'The REST API is disabled on this site.', array( 'status' => 403 ) );
	}
	return $result;
} );
PHP
cat > "$data/router.php" <<'PHP'
<?php
// PHP's built-in server: files as they are, everything else through WordPress (pretty
// permalinks, so /wp-json/ works beside ?rest_route=).
$root = $_SERVER['DOCUMENT_ROOT'];
$path = '/' . ltrim( rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ), '/' );
if ( $path !== '/' && is_file( $root . $path ) ) {
	if ( substr( $path, -4 ) !== '.php' ) {
		return false;
	}
	$script = $path;
} elseif ( $path !== '/' && is_dir( $root . $path ) && is_file( $root . rtrim( $path, '/' ) . '/index.php' ) ) {
	$script = rtrim( $path, '/' ) . '/index.php';
} else {
	$script = '/index.php';
}
$_SERVER['SCRIPT_NAME'] = $script;
$_SERVER['PHP_SELF'] = $script;
$_SERVER['SCRIPT_FILENAME'] = $root . $script;
chdir( dirname( $root . $script ) );
require $root . $script;
PHP

for _ in $(seq 1 300); do
  mariadb-admin --no-defaults --socket="$socket" -u"$(id -un)" ping >/dev/null 2>&1 && break
  kill -0 "$(cat "$data/mariadbd.launched")" 2>/dev/null || fail "mariadbd stopped; see $data/mariadbd.log"
  sleep 0.05
done
mariadb --no-defaults --socket="$socket" -u"$(id -un)" -e "
  CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'wordpress'@'localhost' IDENTIFIED BY 'wordpress';
  GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';" || fail "the database could not be created"

cat > "$data/install.php" <<'PHP'
<?php
// Installs WordPress from the command line and prints the accounts' Application Passwords.
$site = parse_url( getenv( 'SITE_URL' ) );
$_SERVER['HTTP_HOST'] = $site['host'] . ':' . $site['port'];
$_SERVER['SERVER_NAME'] = $site['host'];
$_SERVER['SERVER_PORT'] = $site['port'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
define( 'WP_INSTALLING', true );
require getenv( 'SITE_ROOT' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$installed = wp_install( 'Test blog', 'admin', 'admin@example.invalid', false, '', wp_generate_password( 24 ) );
if ( empty( $installed['user_id'] ) ) {
	fwrite( STDERR, "wp_install failed\n" );
	exit( 1 );
}
update_option( 'permalink_structure', '/%postname%/' );
delete_option( 'rewrite_rules' );
update_option( 'ping_sites', '' );
update_option( 'default_pingback_flag', 0 );
update_option( 'default_ping_status', 'closed' );
update_option( 'timezone_string', 'UTC' );
wp_update_user( array( 'ID' => $installed['user_id'], 'display_name' => 'Ada Admin' ) );
list( $admin_password ) = WP_Application_Passwords::create_new_application_password( $installed['user_id'], array( 'name' => 'tests' ) );
$author = wp_insert_user( array( 'user_login' => 'author', 'user_pass' => wp_generate_password( 24 ),
	'user_email' => 'author@example.invalid', 'role' => 'author', 'display_name' => 'Abe Author' ) );
list( $author_password ) = WP_Application_Passwords::create_new_application_password( $author, array( 'name' => 'tests' ) );
echo "WP_ADMIN_USER=admin\nWP_ADMIN_PASSWORD=$admin_password\n";
echo "WP_AUTHOR_USER=author\nWP_AUTHOR_PASSWORD=$author_password\n";
PHP
SITE_URL="$url" SITE_ROOT="$site" php -d error_reporting='E_ALL & ~E_DEPRECATED' -d display_errors=stderr \
  "$data/install.php" >"$data/accounts" 2>"$data/install.log" || fail "WordPress could not be installed; see $data/install.log"

setsid env PHP_CLI_SERVER_WORKERS=4 php -d display_errors=0 -d log_errors=1 -d error_log="$data/php.log" \
  -d upload_max_filesize=8M -d post_max_size=8M -d memory_limit=256M \
  -S "127.0.0.1:$port" -t "$site" "$data/router.php" </dev/null >>"$data/php-server.log" 2>&1 &
echo $! > "$data/php.pid"
for _ in $(seq 1 200); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$(cat "$data/php.pid")" 2>/dev/null || fail "php -S stopped; see $data/php-server.log"
  sleep 0.05
done

if [ -n "$watch_pid" ]; then
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 0.5; done; bash "$2" "$3" --remove' \
    watchdog "$watch_pid" "$here/stop.sh" "$data" </dev/null >/dev/null 2>&1 &
  echo $! > "$data/watchdog.pid"
fi

started_ok=1
echo "WP_URL=$url"
cat "$data/accounts"
