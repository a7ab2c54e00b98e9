#!/usr/bin/env bash
# Serves a site built by warraq with the nginx server block of docs/deploy.md
# (examples/nginx/warraq.conf) from Debian's nginx, and checks with curl what
# a deploy depends on: UTF-8 charset, Arabic (percent-encoded) URLs, feed
# content type, the site's 404 page with status 404, cache headers.
#
# Usage: scripts/nginx-check.sh [PATH-TO-WARRAQ-BINARY]
# Installs nginx with apt-get when it is missing (needs root). Stops nginx on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

port=${NGINX_CHECK_PORT:-18089}
bin=${1:-}
if [[ -z "$bin" ]]; then
  target=${CARGO_TARGET_DIR:-$repo/target}
  cargo build --quiet --locked
  bin=$target/debug/warraq
fi

if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  echo "installing nginx from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q nginx-light >/dev/null 2>&1 || apt-get install -y -q nginx >/dev/null 2>&1 || {
    apt-get update -q >/dev/null
    apt-get install -y -q nginx >/dev/null
  }
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -v

work=$(mktemp -d)
pidfile=$work/nginx.pid
nginx_pid=""
cleanup() {
  # Stop the nginx this script started (its own child), and reap it.
  if [[ -n "$nginx_pid" ]]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A fixture site with a minimal theme of its own and a stylesheet.
site=$work/site
cp -r tests/fixtures/site "$site"
mkdir -p "$site/templates" "$site/static/fonts"
cat >"$site/templates/base.html" <<'HTML'
<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{{ site.title }}</title><link rel="stylesheet" href="{{ css_url }}"></head><body>{% block content %}{% endblock %}</body></html>
HTML
for t in index tags tag archive page; do
  printf '{%% extends "base.html" %%}{%% block content %%}%s{%% endblock %%}\n' "$t" >"$site/templates/$t.html"
done
printf '{%% extends "base.html" %%}{%% block content %%}<h1>{{ article.title }}</h1>{{ article.content }}{%% endblock %%}\n' \
  >"$site/templates/article.html"
printf '{%% extends "base.html" %%}{%% block content %%}<h1>الصفحة غير موجودة</h1>{%% endblock %%}\n' \
  >"$site/templates/404.html"
echo 'body { margin: 0 }' >"$site/static/style.css"
printf 'wOF2' >"$site/static/fonts/amiri.woff2"
"$bin" --site "$site" build --base-url "http://127.0.0.1:$port/" --output "$work/public"

# nginx with the documented server block, root and port substituted.
mkdir -p "$work/logs" "$work/tmp"
sed -e "s#root /srv/warraq/public;#root $work/public;#" \
    -e "s#listen 80;#listen 127.0.0.1:$port;#" \
    -e "/listen \[::\]:80;/d" \
    examples/nginx/warraq.conf >"$work/server.conf"
grep -q "root $work/public;" "$work/server.conf"
user_line=""
if [[ $(id -u) -eq 0 ]]; then user_line="user root;"; fi
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $pidfile;
error_log $work/logs/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $work/logs/access.log;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    include $work/server.conf;
}
CONF
"$nginx_bin" -t -q -p "$work" -c "$work/nginx.conf"
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done

base="http://127.0.0.1:$port"
failures=0
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
# head URL -> status line and headers; body URL -> body
head_of() { curl -s -D - -o /dev/null "$1"; }
header() { head_of "$1" | tr -d '\r' | grep -i "^$2:" | head -1 | cut -d' ' -f2-; }
status() { curl -s -o /dev/null -w '%{http_code}' "$1"; }
expect() { # description, actual, expected (substring)
  if [[ "$2" == *"$3"* ]]; then pass "$1: $2"; else fail "$1: got '$2', expected '$3'"; fi
}
contains() { # description, body, expected substring (the body is not printed)
  if [[ "$2" == *"$3"* ]]; then pass "$1: contains '$3'"; else fail "$1: does not contain '$3'"; fi
}

expect "home status" "$(status "$base/")" "200"
expect "home content type" "$(header "$base/" content-type)" "text/html; charset=utf-8"
expect "home cache" "$(header "$base/" cache-control)" "max-age=300"

article="$base/2023/09/%D8%AF%D8%B9%D9%88%D8%A9/" # /2023/09/دعوة/
expect "Arabic article (percent-encoded) status" "$(status "$article")" "200"
expect "Arabic article content type" "$(header "$article" content-type)" "text/html; charset=utf-8"
contains "Arabic article body" "$(curl -s "$article")" "بوتين يقبل دعوة من كيم"
expect "Arabic article without trailing slash redirects" \
  "$(status "$base/2023/09/%D8%AF%D8%B9%D9%88%D8%A9")" "301"
expect "redirect target" "$(header "$base/2023/09/%D8%AF%D8%B9%D9%88%D8%A9" location)" "/2023/09/"
tag="$base/tags/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7/" # /tags/روسيا/
expect "Arabic tag page status" "$(status "$tag")" "200"

expect "site feed content type" "$(header "$base/atom.xml" content-type)" "application/atom+xml; charset=utf-8"
expect "tag feed content type" "$(header "${tag}atom.xml" content-type)" "application/atom+xml; charset=utf-8"
expect "sitemap content type" "$(header "$base/sitemap.xml" content-type)" "charset=utf-8"

missing="$base/2023/09/%D9%84%D8%A7-%D9%8A%D9%88%D8%AC%D8%AF/"
expect "missing page status" "$(status "$missing")" "404"
contains "missing page is the site's 404 page" "$(curl -s "$missing")" "الصفحة غير موجودة"
expect "missing page content type" "$(header "$missing" content-type)" "text/html; charset=utf-8"

css_url=$(grep -o 'href="[^"]*style\.css[^"]*"' "$work/public/index.html" | head -1 | cut -d'"' -f2)
expect "stylesheet URL carries a hash" "$css_url" "/style.css?h="
expect "stylesheet status" "$(status "$base$css_url")" "200"
expect "stylesheet content type" "$(header "$base$css_url" content-type)" "text/css; charset=utf-8"
expect "stylesheet cache" "$(header "$base$css_url" cache-control)" "max-age=31536000, immutable"
expect "font cache" "$(header "$base/fonts/amiri.woff2" cache-control)" "max-age=31536000"

last_modified=$(header "$article" last-modified)
expect "conditional request answers 304" \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $last_modified" "$article")" "304"

if [[ $failures -gt 0 ]]; then
  echo "nginx check: $failures failed"
  echo "--- nginx error log"; cat "$work/logs/error.log" || true
  exit 1
fi
echo "nginx check: all passed"
